import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { AdminConsole } from "../../components/admin/admin-console";
import { operatorPageAccess } from "../../lib/admin/operator-page";
import "./admin.css";

export const metadata: Metadata = { title: "Admin", robots: { index: false } };

/** Operators only: without a session, the sign-in form; with the admin page off, 404. */
export default async function AdminPage() {
  await connection();
  const { signedIn } = await operatorPageAccess();
  if (!signedIn) redirect("/admin/login");
  return (
    <main id="main" className="page">
      <header className="page__header admin-header">
        <div>
          <h1>Admin</h1>
          <p className="pb-muted">
            Every hub of the cluster, live: figures read every 2 s, plots of the last 15 minutes
            (kept in this tab).
          </p>
        </div>
        <form action="/api/admin/logout" method="post">
          <button type="submit" className="pb-button pb-button--quiet pb-button--small">
            Sign out
          </button>
        </form>
      </header>
      <AdminConsole />
    </main>
  );
}
