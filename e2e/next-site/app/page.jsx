export default function Home() {
  return <p id="text">home, first edition</p>;
}
