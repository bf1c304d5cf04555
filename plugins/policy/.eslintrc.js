module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // The wizard's live panel shows the cost plugin's CostEstimateSummary,
    // which @pave/plugin-cost exports for it. Only that package is exempt;
    // import it from a @pave/plugin-cost-react web library once one exists.
    '@backstage/no-mixed-plugin-imports': [
      'warn',
      { excludedTargetPackages: ['@pave/plugin-cost'] },
    ],
  },
});
