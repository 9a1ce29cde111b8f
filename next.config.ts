import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The shared engine is TypeScript source in a workspace package.
  transpilePackages: ["@descent/autograd"],
  // Native and database packages stay as Node requires, not bundled.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/client", "pg", "@prisma/adapter-pg"],
  poweredByHeader: false,
  // `npm test` type-checks the whole repository (tsc --noEmit); the build need not do it twice.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
};

export default nextConfig;
