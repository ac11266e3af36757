// The iframes axe would descend into, with the context each should be run with.
(context) => window.axe.utils.getFrameContexts(context, {})
