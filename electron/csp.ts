// The Content-Security-Policy sent with the UI, in the desktop shell and in browser mode alike:
// only the app's own scripts, styles, workers and connections; no remote content at all.
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "worker-src 'self' blob:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; " +
  "frame-ancestors 'none'; form-action 'none'";
