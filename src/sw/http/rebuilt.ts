/**
 * A response like `response` with other headers (and optionally another body): the Cache API and fetch give
 * immutable headers, so relabelling, restamping or renewing a copy means building it again around its body.
 */
export function rebuilt(
  response: Response,
  headers: Headers,
  body: BodyInit | null = response.body,
  status = response.status,
): Response {
  return new Response(body, { status, statusText: response.statusText, headers });
}
