import Link from 'next/link';

export default function About() {
  return (
    <>
      <p id="text">about, first edition</p>
      {/* Next's default prefetch: the route's segment payloads are fetched as soon as the link is in view. */}
      <Link href="/docs/">Docs, prefetched</Link>
    </>
  );
}
