import { Link } from '../components/link.tsx';

export function NotFoundPage({ home }: { home: string }) {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        <Link href={home}>Back to the start page</Link>
      </p>
    </section>
  );
}
