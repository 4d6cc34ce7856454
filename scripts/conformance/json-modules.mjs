/**
 * A module load hook, registered by scripts/conformance/main.ts before GitHub's parsers load.
 *
 * Why: @actions/workflow-parser and @actions/languageservice 0.3.x (pinned at 0.3.61) import their
 * schemas as `import ActionSchema from "../action-v1.0.min.json"`, without the `with { type: "json" }`
 * attribute that Node 20 and 24 require of a JSON module in ESM (ERR_IMPORT_ASSERTION_TYPE_MISSING).
 * The packages are built for bundlers, which do not ask. This hook adds the attribute to exactly
 * those imports, so Node's own JSON module loader reads the files as they are; nothing is copied,
 * patched or bundled, and every other import is left to Node.
 */

const PARSER_PACKAGES =
  /\/node_modules\/@actions\/(workflow-parser|languageservice)\/dist\/.+\.json$/;

/** @type {import('node:module').LoadHook} */
export async function load(url, context, nextLoad) {
  if (PARSER_PACKAGES.test(url) && context.importAttributes?.type === undefined) {
    return nextLoad(url, {
      ...context,
      importAttributes: { ...context.importAttributes, type: 'json' },
    });
  }
  return nextLoad(url, context);
}
