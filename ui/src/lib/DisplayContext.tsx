// The display preferences (设置 → 显示) for the pages that show or change them.
import { createContext, useContext } from "react";
import { DEFAULT_DISPLAY, type DisplayPrefs } from "./display";

export type DisplayContextValue = {
  prefs: DisplayPrefs;
  /** Applies at once to the whole window and is kept on this computer. */
  change: (next: DisplayPrefs) => void;
  /** False when this computer's storage refused the last choice (it applies until closed). */
  kept: boolean;
};

export const DisplayContext = createContext<DisplayContextValue>({
  prefs: DEFAULT_DISPLAY,
  change: () => {},
  kept: true,
});

export function useDisplay(): DisplayContextValue {
  return useContext(DisplayContext);
}
