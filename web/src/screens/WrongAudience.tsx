// A page that is not for this role: the portal for staff, the queue for customers.

import { homeFor, isStaff } from "../access.js";
import type { Role } from "../api/types.js";
import { usePageTitle } from "../hooks.js";

export function WrongAudience({ role }: { role: Role }) {
  usePageTitle("Not for your role");
  const staff = isStaff(role);
  return (
    <>
      <h1 tabIndex={-1}>{staff ? "This page is for customers" : "This page is for support staff"}</h1>
      <p>
        {staff ? "Customers follow their tickets here. " : "Your tickets are in your portal. "}
        <a href={homeFor(role)}>{staff ? "Go to the queue" : "Go to your tickets"}</a>
      </p>
    </>
  );
}
