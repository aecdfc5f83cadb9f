// The varieties of English OS1 proofreads in (os1/proofread/variety.py), named once for every page.
const VARIETIES = { "en-US": "American English", "en-GB": "British English", "en-AU": "Australian English",
  "en-NZ": "New Zealand English", "en-IE": "Irish English", "en-ZA": "South African English",
  "en-IN": "Indian English" };

function fillEnglish(select) {
  // After the select's own first option ("as the text spells it"), one option per variety.
  for (const [code, name] of Object.entries(VARIETIES)) select.add(new Option(name, code));
}

// The pages' scripts come after their elements, so the selects are there to fill.
document.querySelectorAll("select[data-english]").forEach(fillEnglish);
