// @ts-check
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "coverage/**", ".data/**", "db/drizzle/**", "e2e/artifacts/**", "scripts/tmp/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
      eqeqeq: ["error", "smart"],
      "no-console": ["error", { allow: ["warn", "error"] }],
      // routes are typed zod plugins: request.body/query/params already have the schema's type
      "no-restricted-syntax": [
        "error",
        {
          selector: "TSAsExpression > MemberExpression[object.name='request'][property.name=/^(body|query|params)$/]",
          message: "Do not cast request.body/query/params: declare the zod schema on the route (FastifyPluginAsyncZod) and use the inferred type.",
        },
      ],
    },
  },
  {
    files: ["console/src/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "warn" },
  },
  {
    // command-line entry points and scripts talk to a person on stdout
    files: ["**/server.ts", "**/cli/**", "scripts/**", "**/scripts/**", "bench/**", "**/*.test.ts", "e2e/**", "test/**", "**/worker-main.ts"],
    rules: { "no-console": "off" },
  },
);
