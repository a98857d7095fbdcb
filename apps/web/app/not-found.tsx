import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" className="page">
      <header className="page__header">
        <h1>Not found</h1>
      </header>
      <p>
        There is no such page. Dashboard ids use letters, digits, “_”, “-” and “:”.{" "}
        <Link href="/">Back to the overview</Link>
      </p>
    </main>
  );
}
