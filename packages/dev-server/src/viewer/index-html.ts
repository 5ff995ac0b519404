/**
 * The viewer's HTML shell and icon. Static text only: no stored data is ever interpolated here (the
 * client builds every data-bearing node with `textContent`), and no inline script or style exists, so
 * the strict Content-Security-Policy needs no exceptions.
 */

/** The page served at `/`. */
export const VIEWER_INDEX_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>HoneyHive local viewer</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/viewer.css">
<script src="/assets/viewer.js" defer></script>
</head>
<body>
<div id="app"><p class="boot">Loading the HoneyHive viewer…</p></div>
<noscript>The HoneyHive viewer needs JavaScript.</noscript>
</body>
</html>
`;

/** A small hexagon icon. */
export const VIEWER_FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<path d="M16 2 28 9v14l-12 7-12-7V9z" fill="#f5a524" stroke="#7a4b00" stroke-width="2"/>
<path d="M11 11v10M21 11v10M11 16h10" stroke="#3b2400" stroke-width="2.5" stroke-linecap="round"/>
</svg>
`;
