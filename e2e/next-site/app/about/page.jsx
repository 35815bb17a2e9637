export default function About() {
  return <p id="text">about, first edition</p>;
}
