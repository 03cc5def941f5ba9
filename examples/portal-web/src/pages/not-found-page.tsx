import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <main className="card narrow">
      <h1>Page not found</h1>
      <p>
        <Link to="/">Back to the portal</Link>
      </p>
    </main>
  );
}
