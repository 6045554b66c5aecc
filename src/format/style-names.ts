/**
 * The names of the styles citemark ships, without their XML (which only
 * `render` loads): the config and the CLI check a style name with this.
 * A test keeps it equal to the keys of `BUILTIN_STYLE_FILES`.
 */
import { didYouMean } from '../util/did-you-mean.js';

export const BUILTIN_STYLE_NAMES = ['apa', 'vancouver', 'ama', 'harvard', 'chicago'] as const;

export type BuiltinStyleName = (typeof BUILTIN_STYLE_NAMES)[number];

/** The built-in style a user means, whatever the case (`APA`, ` Vancouver `); undefined for anything else. */
export function builtinStyleNamed(name: string): BuiltinStyleName | undefined {
  const folded = name.trim().toLowerCase();
  return BUILTIN_STYLE_NAMES.find((n) => n === folded);
}

/** An unknown style name: what to use instead, with the nearest built-in name when it looks like a typo of one. */
export function unknownStyleMessage(name: string): string {
  const names = `${BUILTIN_STYLE_NAMES.map((n) => `\`${n}\``).join(', ')} (in any case) or the path of a \`.csl\` file`;
  const near = didYouMean(name, BUILTIN_STYLE_NAMES);
  return near ? `Unknown style \`${name}\`${near} The styles are ${names}.` : `Unknown style \`${name}\`; use ${names}.`;
}
