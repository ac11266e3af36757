// Run axe (or finish a partial run) and return only what the rules need:
// violations and incomplete results, each rule's ACT ids, and the rules that were run.
async ({ context, options, partials, withRules }) => {
  const axe = window.axe;
  const res = partials ? await axe.finishRun(partials, options) : await axe.run(context, options);
  const all = axe.getRules();
  const act = Object.fromEntries(all.map((r) => [r.ruleId, r.actIds || []]));
  const slim = (list) => list.map((r) => ({
    id: r.id, impact: r.impact, tags: r.tags, description: r.description, help: r.help,
    helpUrl: r.helpUrl, actIds: act[r.id] || [],
    nodes: r.nodes.map((n) => ({
      target: n.target, html: n.html, impact: n.impact, failureSummary: n.failureSummary,
    })),
  }));
  const ran = new Set([...res.passes, ...res.violations, ...res.incomplete, ...res.inapplicable].map((r) => r.id));
  return {
    version: res.testEngine.version,
    violations: slim(res.violations),
    incomplete: slim(res.incomplete),
    ran: [...ran],
    rules: withRules ? all.filter((r) => ran.has(r.ruleId)).map((r) => ({
      id: r.ruleId, description: r.description, help: r.help, helpUrl: r.helpUrl,
      tags: r.tags, actIds: r.actIds || [],
    })) : null,
  };
}
