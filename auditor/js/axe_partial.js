// One frame's share of an axe run; finishRun merges the shares in the top frame.
async ({ context, options }) => window.axe.runPartial(context, options)
