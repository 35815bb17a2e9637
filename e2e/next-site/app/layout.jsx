import Link from 'next/link';

export const metadata = { title: 'Next site' };

export default function Layout({ children }) {
  return (
    <html lang="en">
      <body>
        <nav>
          <Link href="/" prefetch={false}>
            Home
          </Link>{' '}
          <Link href="/about/" prefetch={false}>
            About
          </Link>{' '}
          <Link href="/news/" prefetch={false}>
            News
          </Link>
        </nav>
        <main>{children}</main>
      </body>
    </html>
  );
}
