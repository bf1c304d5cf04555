module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // The template-check tests run the real cost plugin beside this one. It
    // is a devDependency, so no-undeclared-imports still keeps it out of src.
    '@backstage/no-mixed-plugin-imports': [
      'warn',
      { excludedTargetPackages: ['@pave/plugin-cost-backend'] },
    ],
  },
});
