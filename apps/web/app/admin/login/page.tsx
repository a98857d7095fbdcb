import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { operatorPageAccess } from "../../../lib/admin/operator-page";
import "../admin.css";

export const metadata: Metadata = { title: "Operator sign-in", robots: { index: false } };

export default async function OperatorSignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const { signedIn } = await operatorPageAccess();
  if (signedIn) redirect("/admin");
  const failed = (await searchParams).failed !== undefined;
  return (
    <main id="main" className="page">
      <header className="page__header">
        <h1>Operator sign-in</h1>
        <p className="pb-muted">The admin page is for the people who run this service.</p>
      </header>
      <form action="/api/admin/session" method="post" className="pb-panel admin-login">
        {failed ? (
          <p className="admin-warning" role="alert">
            That password is not the operator password.
          </p>
        ) : null}
        <label htmlFor="operator-password" className="admin-label">
          Operator password
        </label>
        <input
          id="operator-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="admin-input"
        />
        <button type="submit" className="pb-button">
          Sign in
        </button>
      </form>
    </main>
  );
}
