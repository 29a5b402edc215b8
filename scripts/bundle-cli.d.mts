/** Bundles `<distDir>/cli.js` and its conversion worker into `<distDir>/bundle/` (see bundle-cli.mjs). */
export function bundleCli(distDir: string): Promise<void>;
