#!/bin/sh
# Re-makes webapp/static/vendor/utrecht/ from the NL Design System's CSS component packages
# on the npm registry: each package's built dist/index.min.css, joined into one file (the
# portal serves one stylesheet of only the components it uses, not the 400 kB bundle).
# Change a version here, run `sh scripts/vendor_nlds.sh`, look at the pages, commit.
# Needs npm; leaves no node_modules behind (npm pack only downloads the tarballs).
set -eu
# The versions @utrecht/component-library-css 9.0.4 pins, so the components fit together.
PACKAGES="
@utrecht/alert-css@3.0.1
@utrecht/button-css@3.1.0
@utrecht/button-link-css@2.0.1
@utrecht/checkbox-css@2.0.1
@utrecht/data-list-css@2.0.1
@utrecht/document-css@2.0.1
@utrecht/form-field-css@2.0.1
@utrecht/form-field-description-css@2.0.1
@utrecht/form-field-error-message-css@2.0.1
@utrecht/form-fieldset-css@2.0.1
@utrecht/form-label-css@2.0.1
@utrecht/link-css@2.0.1
@utrecht/nav-bar-css@2.0.1
@utrecht/nav-list-css@1.3.2
@utrecht/radio-button-css@2.0.1
@utrecht/select-css@2.0.1
@utrecht/skip-link-css@2.0.1
@utrecht/table-css@2.0.2
@utrecht/textarea-css@3.0.1
@utrecht/textbox-css@3.1.0
"
here=$(cd "$(dirname "$0")/.." && pwd)
out="$here/webapp/static/vendor/utrecht"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
cd "$work"
{
  echo "/* NL Design System CSS components (@utrecht/*), EUPL-1.2, see LICENSE.md and VERSIONS.md."
  echo "   Made by scripts/vendor_nlds.sh: do not edit, re-run the script. */"
} > "$work/utrecht.min.css"
{
  echo "# Vendored NL Design System CSS"
  echo
  echo "\`utrecht.min.css\` joins the built \`dist/index.min.css\` of these npm packages, in this"
  echo "order (made by \`scripts/vendor_nlds.sh\`; licence: EUPL-1.2, \`LICENSE.md\`):"
  echo
} > "$work/VERSIONS.md"
for spec in $PACKAGES; do
  tarball=$(npm pack --silent "$spec" 2>/dev/null | tail -n 1)
  mkdir -p "$work/x" && rm -rf "$work/x/package" && tar xzf "$tarball" -C "$work/x"
  licence=$(sed -n 's/.*"license": *"\([^"]*\)".*/\1/p' "$work/x/package/package.json")
  [ "$licence" = "EUPL-1.2" ] || { echo "$spec: licence $licence, not EUPL-1.2" >&2; exit 1; }
  cat "$work/x/package/dist/index.min.css" >> "$work/utrecht.min.css"
  echo >> "$work/utrecht.min.css"
  echo "- \`$spec\`" >> "$work/VERSIONS.md"
  cp "$work/x/package/LICENSE.md" "$work/LICENSE.md"
done
cp "$work/utrecht.min.css" "$work/VERSIONS.md" "$work/LICENSE.md" "$out/"
echo "$out/utrecht.min.css: $(wc -c < "$out/utrecht.min.css") bytes"
