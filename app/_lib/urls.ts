import "server-only";
import { headers } from "next/headers";
import QRCode from "qrcode";
import { services } from "@/server/runtime";

/** The absolute origin students should use: PUBLIC_URL, else the address this request came to. */
export async function publicOrigin(): Promise<string> {
  const configured = services().publicUrl;
  if (configured) return configured.replace(/\/+$/, "");
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}

/** A QR code of `url` as an inline SVG string (made on the server; no image service). */
export async function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: "svg", margin: 1, errorCorrectionLevel: "M", color: { dark: "#0f172a", light: "#ffffff" } });
}
