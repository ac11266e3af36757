// Run axe (or finish a partial run) and return only what the rules need:
// violations and incomplete results, each rule's ACT ids, the rules that were run, and for
// every rule that ran how many elements passed, failed or need review (`counts`, so a page
// records what was checked without serialising every passing node: resultTypes keeps one).
async ({ context, options, partials, withRules }) => {
  const axe = window.axe;
  let counts = {};
  if (!axe.hasReporter('auditor-counts')) {
    const standard = axe.getReporter();
    axe.addReporter('auditor-counts', (raw, opts, resolve, reject) => {
      try {
        const groups = axe.utils.aggregateResult(raw);
        const tally = {};
        for (const [key, name] of [['passes', 'passed'], ['violations', 'failed'], ['incomplete', 'cantTell']]) {
          for (const r of groups[key] || []) {
            const c = tally[r.id] || (tally[r.id] = { passed: 0, failed: 0, cantTell: 0 });
            c[name] = (r.nodes || []).length;
          }
        }
        for (const r of groups.inapplicable || []) tally[r.id] = tally[r.id] || { passed: 0, failed: 0, cantTell: 0 };
        window.__auditorAxeCounts = tally;
      } catch (e) { window.__auditorAxeCounts = null; }
      standard(raw, opts, resolve, reject);
    });
  }
  const withCounts = { ...options, reporter: 'auditor-counts' };
  const res = partials ? await axe.finishRun(partials, withCounts) : await axe.run(context, withCounts);
  counts = window.__auditorAxeCounts || null;
  window.__auditorAxeCounts = null;
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
    counts,
    rules: withRules ? all.filter((r) => ran.has(r.ruleId)).map((r) => ({
      id: r.ruleId, description: r.description, help: r.help, helpUrl: r.helpUrl,
      tags: r.tags, actIds: r.actIds || [],
    })) : null,
  };
}
