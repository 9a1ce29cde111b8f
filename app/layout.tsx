import type { Metadata, Viewport } from "next";
import localFont from "next/font/local";
import "./globals.css";

// Inter ships with the app (from npm): nothing is fetched from a font service at build or run time.
const inter = localFont({
  src: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  variable: "--font-inter",
  display: "swap",
});

// Every page is rendered per request, so that Next.js can put the request's CSP nonce (set by the server's
// HTTP guard) on its scripts: a prerendered page would carry inline scripts without one.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Descent", template: "%s · Descent" },
  description: "Predict every value of a PyTorch training loop, together, before it is revealed.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: "#1e40af",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className={inter.variable}>
      <body className="min-h-dvh font-sans">{children}</body>
    </html>
  );
}
