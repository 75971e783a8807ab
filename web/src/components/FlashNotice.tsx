// The message the previous screen left (flash.ts), shown once.

import { useState } from "preact/hooks";

import { takeFlash } from "../flash.js";
import { Notice } from "./Notice.js";

export function FlashNotice() {
  const [message] = useState(takeFlash);
  return message ? <Notice>{message}</Notice> : null;
}
