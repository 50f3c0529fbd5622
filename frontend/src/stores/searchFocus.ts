import { createSignal } from "solid-js";

// Enter in the header's search box asks for the results list to take the keyboard once the
// results for that query are on screen (now, or when they arrive).
const [wanted, setWanted] = createSignal(false);

export const resultsFocusWanted = wanted;
export const requestResultsFocus = () => setWanted(true);
export const resultsFocused = () => setWanted(false);
