/**
 * Elements removed together with everything inside them: their content is code, styling, embedded
 * documents or form widgets, never prose a reader should see (a `<style>` body printed as text is
 * the leak the Drupal pages show in the "Project Jengo" post). `xmp`, `noembed`, `noframes` and
 * `option` are here because a browser reads their content as raw text, so keeping it invites
 * mutation XSS.
 */
export const DROPPED_WITH_CONTENTS: readonly string[] = [
  "script",
  "style",
  "noscript",
  "template",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "form",
  "textarea",
  "select",
  "option",
  "button",
  "svg",
  "math",
  "xmp",
  "noembed",
  "noframes",
  "head",
  "title",
];
