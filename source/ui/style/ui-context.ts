import {createContext, useContext} from 'react';
import {glyphsFor, type GlyphSet} from './glyphs.js';
import {createTheme, type Theme} from './theme.js';

/** Presentation settings every component needs; fixed for the life of the app. */
export type UiSettings = {
	theme: Theme;
	glyphs: GlyphSet;
	ascii: boolean;
};

export function uiSettings(options: {ascii: boolean; color: boolean}): UiSettings {
	return {
		theme: createTheme(options.color),
		glyphs: glyphsFor(options.ascii),
		ascii: options.ascii,
	};
}

export const UiContext = createContext<UiSettings>(uiSettings({ascii: false, color: true}));

export function useUi(): UiSettings {
	return useContext(UiContext);
}
