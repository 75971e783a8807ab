// "New password": the field, with ticketd's rules for a password as its hint,
// shared by every form that sets one (an emailed link's, the profile's).
// Its id is "new-password", so a page has one.

import { TextField } from "./Field.js";

const PASSWORD_HINT =
  "15 to 256 characters. Anything you can type; not a common password, a repeated pattern or your email address.";

/** The error summary's link to this field, for a 422 naming `password`. */
export const NEW_PASSWORD_LINK = ["new-password", "New password"] as const;

interface Props {
  value: string;
  error?: string | undefined;
  onInput(value: string): void;
}

export function NewPasswordField({ value, error, onInput }: Props) {
  return (
    <TextField
      id="new-password"
      label="New password"
      type="password"
      autocomplete="new-password"
      hint={PASSWORD_HINT}
      required
      value={value}
      error={error}
      onInput={(e) => onInput(e.currentTarget.value)}
    />
  );
}
