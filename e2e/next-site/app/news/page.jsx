import Link from 'next/link';

// A second's interval: the news page goes stale at once, for the test of a stale route read through the router.
export const metadata = { other: { 'isr:revalidate': '1' } };

export default function News() {
  return (
    <>
      <p id="text">news, first edition</p>
      {/* Next's default prefetch: the route's segment payloads are fetched as soon as the link is in view. */}
      <Link href="/about/">About, prefetched</Link>
    </>
  );
}
