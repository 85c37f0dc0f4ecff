// What every Playwright config here shares: the server's URL and Debian's Chromium, never a
// downloaded browser (shared/reference/toolchain.md).

// `cargo xtask test` / `cargo xtask bench` start the bundled server and pass its URL.
export const baseURL = process.env.BRISK_URL;
if (!baseURL) {
  throw new Error('BRISK_URL is not set: run the journeys with `cargo xtask test e2e`');
}

export const launchOptions = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
