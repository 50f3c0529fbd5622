import type { ParentProps } from "solid-js";
import "./AuthCard.css";

/** The centred card the setup and login forms sit on. */
export function AuthCard(props: ParentProps<{ title: string; intro?: string }>) {
  return (
    <main class="auth" id="main">
      <div class="auth__card">
        <div class="auth__brand">
          <img src="/favicon.svg" alt="" width="40" height="40" />
          <span>Hearth</span>
        </div>
        <h1 class="auth__title">{props.title}</h1>
        {props.intro && <p class="auth__intro">{props.intro}</p>}
        {props.children}
      </div>
    </main>
  );
}
