/**
 * Light and dark code colours from one tokenization.
 *
 * Shiki's `themes: { light, dark }` option tokenizes every block once per theme, and at 5,000
 * entries tokenizing was the largest single cost of a build (README, Performance). Our two themes
 * (GitHub's high-contrast light and dark) share one rule list: the same scopes and font styles in
 * the same order, only the colours differ. So both colourings of a token are decided by the same
 * rule, and one pass with a merged theme is enough: each rule's foreground becomes a stand-in
 * colour that names its (light, dark) pair, and a transformer writes the pair back as the
 * `--shiki-light` / `--shiki-dark` variables that `themes` with `defaultColor: false` produces.
 * The output is the same HTML (tests/unit/light-dark-theme.test.ts compares it with Shiki's
 * own two-pass output); themes whose rules differ are refused, not approximated.
 */
import type { ShikiTransformer, ThemeRegistration } from 'shiki';

type Theme = Pick<ThemeRegistration, 'name' | 'colors' | 'tokenColors'>;
type Rule = NonNullable<Theme['tokenColors']>[number];

export interface LightDarkTheme {
	/** The merged theme to pass to Shiki as `theme`. */
	theme: ThemeRegistration;
	/** Turns the merged theme's stand-in colours into light and dark variables; list it first. */
	transformer: ShikiTransformer;
}

const sameRule = (a: Rule, b: Rule) =>
	JSON.stringify(a.scope ?? null) === JSON.stringify(b.scope ?? null) &&
	(a.settings.fontStyle ?? '') === (b.settings.fontStyle ?? '') &&
	(a.settings.foreground === undefined) === (b.settings.foreground === undefined);

const editorColour = (theme: Theme, key: 'editor.foreground' | 'editor.background') => {
	const value = theme.colors?.[key];
	if (!value) throw new Error(`theme ${theme.name ?? '(unnamed)'}: no ${key} colour`);
	return value;
};

export function lightDarkTheme(light: Theme, dark: Theme, name = `${light.name}+${dark.name}`): LightDarkTheme {
	if (!light.name || !dark.name) throw new Error('both themes need a name (it becomes a class on <pre>)');
	const lightRules = light.tokenColors ?? [];
	const darkRules = dark.tokenColors ?? [];
	const mismatch = lightRules.findIndex((rule, index) => !darkRules[index] || !sameRule(rule, darkRules[index]));
	if (lightRules.length !== darkRules.length || mismatch !== -1) {
		throw new Error(
			`themes ${light.name} and ${dark.name} do not share one rule list (rule ${mismatch === -1 ? lightRules.length : mismatch} differs), so one tokenization cannot colour both; use Shiki's two-pass \`themes\` option for them`,
		);
	}

	// Stand-in colours: #000001, #000002, … one per (light, dark) pair, as vscode-textmate
	// spells them (upper case) in token styles.
	const pairs = new Map<string, string>();
	const styles = new Map<string, { light: string; dark: string }>();
	const standIn = (lightColour: string, darkColour: string) => {
		const key = `${lightColour}\n${darkColour}`;
		let colour = pairs.get(key);
		if (!colour) {
			colour = `#${(pairs.size + 1).toString(16).padStart(6, '0')}`;
			pairs.set(key, colour);
			styles.set(colour.toUpperCase(), { light: lightColour.toUpperCase(), dark: darkColour.toUpperCase() });
		}
		return colour;
	};

	const fg = { light: editorColour(light, 'editor.foreground'), dark: editorColour(dark, 'editor.foreground') };
	const bg = { light: editorColour(light, 'editor.background'), dark: editorColour(dark, 'editor.background') };
	const tokenColors = lightRules.map((rule, index): Rule => {
		const { foreground, background: _unused, ...rest } = rule.settings;
		// Shiki's tokens carry a foreground and a font style only; rule backgrounds never reach the HTML.
		const darkForeground = darkRules[index]!.settings.foreground;
		return {
			...rule,
			settings: foreground && darkForeground ? { ...rest, foreground: standIn(foreground, darkForeground) } : rest,
		};
	});
	const theme: ThemeRegistration = {
		name,
		type: 'light',
		colors: { 'editor.foreground': standIn(fg.light, fg.dark), 'editor.background': standIn(bg.light, bg.dark) },
		tokenColors,
	};

	// What `themes` with `defaultColor: false` writes: on <pre>, the class naming both themes
	// and the four editor colours; on a token, each style key once per theme, light first.
	const preClass = `shiki shiki-themes ${light.name} ${dark.name}`;
	const preStyle = `--shiki-light:${fg.light};--shiki-dark:${fg.dark};--shiki-light-bg:${bg.light};--shiki-dark-bg:${bg.dark}`;
	// A block has few distinct token styles; each is translated once.
	const translated = new Map<string, string>();
	const tokenStyle = (style: string): string => {
		let result = translated.get(style);
		if (result === undefined) translated.set(style, (result = translateStyle(style)));
		return result;
	};
	const translateStyle = (style: string): string => {
		const declarations = style.split(';').filter(Boolean).map((declaration) => {
			const colon = declaration.indexOf(':');
			return [declaration.slice(0, colon), declaration.slice(colon + 1)] as const;
		});
		return (['light', 'dark'] as const)
			.flatMap((variant) =>
				declarations.map(([key, value]) => {
					if (key !== 'color') return `--shiki-${variant}-${key}:${value}`;
					const pair = styles.get(value.toUpperCase());
					if (!pair) throw new Error(`code colour ${value} is not one of the ${name} theme's stand-in colours`);
					return `--shiki-${variant}:${pair[variant]}`;
				}),
			)
			.join(';');
	};

	const transformer: ShikiTransformer = {
		name: 'uabi-kb:light-dark',
		pre(node) {
			// Keep classes other transformers added (has-highlighted, has-focused, …).
			const value = node.properties['class'];
			const classes = (Array.isArray(value) ? value.map(String) : String(value ?? '').split(' ')).filter((c) => c && c !== 'shiki' && c !== name);
			node.properties['class'] = [preClass, ...classes].join(' ');
			node.properties['style'] = preStyle;
		},
		span(node) {
			const style = node.properties['style'];
			if (typeof style === 'string') node.properties['style'] = tokenStyle(style);
		},
	};
	return { theme, transformer };
}
