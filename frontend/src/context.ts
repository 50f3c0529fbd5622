import { createContext, useContext } from "solid-js";
import type { EventHub } from "./stores/createEventHub";
import type { Session } from "./stores/createSession";
import type { Toasts } from "./stores/createToasts";
import type { Uploads } from "./stores/createUploads";

export const SessionContext = createContext<Session>();

/** Services that live as long as someone is signed in: the event stream, uploads, toasts. */
export interface Workspace {
  hub: EventHub;
  uploads: Uploads;
  toasts: Toasts;
}
export const WorkspaceContext = createContext<Workspace>();

function required<T>(value: T | undefined, name: string): T {
  if (!value) throw new Error(`${name} is used outside its provider`);
  return value;
}

export const useSession = () => required(useContext(SessionContext), "SessionContext");
export const useWorkspace = () => required(useContext(WorkspaceContext), "WorkspaceContext");
