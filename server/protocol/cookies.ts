/**
 * Cookies of the app. Both are httpOnly and one per browser, whatever the number of sessions, so they cannot
 * pile up in the request headers.
 */
/** The browser's host key: a session records the hash of the key of the browser that created it. */
export const HOST_COOKIE = "descent_host";
/** A random id per browser: a student removed by the host cannot rejoin that session from the same browser. */
export const DEVICE_COOKIE = "descent_device";
/** Host keys and device ids: 32 random bytes, base64url. */
export const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;
