// The console's entry point (scripts/build.mjs bundles from here): the
// stylesheet, the theme before anything is drawn, the router, who is signed
// in, then the app.

import "./styles/index.css";

import { render } from "preact";

import { App } from "./components/App.js";
import { startRouter } from "./router.js";
import { restoreSession } from "./session.js";
import { applyTheme } from "./theme.js";

applyTheme();
startRouter();
void restoreSession();
const root = document.getElementById("app");
if (root) render(<App />, root);
