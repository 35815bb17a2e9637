// A second's interval, like /news/: for the test of a stale route that a link prefetched.
export const metadata = { other: { 'isr:revalidate': '1' } };

export default function Docs() {
  return <p id="text">docs, first edition</p>;
}
