/**
 * A response like `response` with other headers (and optionally another body): the Cache API and fetch give
 * immutable headers, so relabelling, restamping or renewing a copy means building it again around its body. A 304
 * (or 204, 205) is built without one: every engine gives a fetched 304 a body, empty (measured in Chromium 156,
 * Firefox 153 and WebKitGTK 2.50), and a Response of those statuses built with any body throws.
 */
export function rebuilt(
  response: Response,
  headers: Headers,
  body: BodyInit | null = response.body,
  status = response.status,
): Response {
  return new Response(status === 304 || status === 204 || status === 205 ? null : body, {
    status,
    statusText: response.statusText,
    headers,
  });
}
