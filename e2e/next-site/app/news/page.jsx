// A second's interval: the news page goes stale at once, for the test of a stale route read through the router.
export const metadata = { other: { 'isr:revalidate': '1' } };

export default function News() {
  return <p id="text">news, first edition</p>;
}
