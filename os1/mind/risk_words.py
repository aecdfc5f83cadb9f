"""Risk wording: the fixed patterns of ``mind/risk.py``.

``STRONG`` wording is a crisis on its own; ``WEAK`` wording is one when the risk model or the
person's feeling agrees; ``LOOKALIKE`` wording (idioms, shell commands, games, stories, news) and
talk of ``SOMEONE_ELSE`` keep the model's guesses from shaming anyone. A match just after a
denial ("I'm not suicidal") does not count, but "I don't just want to die" and "not gonna lie,
I want to die" do. Each pattern names its kind by where it sits; the order of ``STRONG`` is the
order of care (a method question is answered as one even when it also names suicide).
"""

from __future__ import annotations

import re

GAP = r"(?:(?!not\b|never\b|no\b)[\w']+ )"  # a word in between, never a denial ("I'm not suicidal")


def _rx(*parts: str) -> re.Pattern:
    return re.compile("|".join("(?:" + p.replace(r"(?:\w+ )", GAP) + ")" for p in parts), re.I)


ME = r"(?:my ?self|me)"
PILLS = (r"(?:pills|tablets|meds|medications?|painkillers|sleeping pills|paracetamol|tylenol|"
         r"acetaminophen|ibuprofen|aspirin|insulin|xanax|oxy\w*|opioids|heroin|antidepressants|prescriptions|"
         r"prescription pills|medicine)")
DIE = r"(?:die|dying|(?:put|be) (?:me |myself )?in a coma|kill (?:my ?self|yourself|oneself|themselves|a (?:person|human))|end (?:it|my life)|" \
      r"be fatal|be lethal|be deadly|overdose|od|not wake up|stop (?:my|your|a) heart|bleed out)"
PEOPLE = (r"(?:friend|best friend|bff|sister|brother|mom|mum|mother|dad|father|son|daughter|kid|"
          r"child|partner|boyfriend|girlfriend|wife|husband|roommate|cousin|co-?worker|colleague|"
          r"student|classmate|teammate|client|patient|niece|nephew|aunt|uncle|grandma|grandpa|"
          r"neighbou?r|teen|teenager)s?")
PARTNER = r"(?:husband|wife|partner|boyfriend|girlfriend|bf|gf|fianc[eé]e?|spouse|ex)"
ABUSER = (r"(?:he|she|they|my (?:husband|wife|partner|boyfriend|girlfriend|bf|gf|ex|dad|father|"
          r"mom|mum|mother|stepdad|stepfather|stepmom|stepmother|boss|brother|sister|uncle|"
          r"teacher|coach|parents?|family|fianc[eé]e?))")

# Each pattern belongs to one kind; the order is the order of care (a method question
# is answered as one even when it also names suicide).
STRONG = {
    "method": _rx(
        rf"\bhow (?:many|much)\b[^.?!]{{0,60}}\b(?:to {DIE}|fatal|lethal|deadly|kill (?:me|you|someone|a person|a human)|od on)\b",
        r"\b(?:lethal|fatal|deadly|toxic|overdose) (?:dose|amount|quantity|level)s?\b(?![^.?!]{0,30}\b(?:dog|cat|pet|puppy|"
        r"kitten|horse|rabbit|bird|parrot|hamster|animal|plant|toddler|baby)s?\b)|\bld ?50\b",
        r"\b(?:less|least|more|most) (?:painful|peaceful|reliable|certain)\b[^.?!]{0,30}\b(?:pills|hanging|drowning|jumping|"
        r"overdos\w+|cutting|gun|bleeding|suffocat\w+|to die|way to go)",
        r"\b(?:painless|painlessly|quick|quickest|quickly|easy|easiest|fastest|fast|best|surest|sure|"
        r"least painful|most effective|effective|simplest|simple|peaceful|cleanest|reliable|most reliable|"
        r"good|certain|guaranteed|successful)\w* (?:way|method|means|option|thing|place|spot)s? "
        r"(?:to|of|for|i could use to|i can use to) (?:die|dying|kill (?:my ?self|yourself|oneself|myself)|"
        r"suicide|commit(?:ting)? suicide|end (?:it|my life|your life|one'?s life|things)|overdose|od|hang|"
        r"self[- ]?harm|hurt (?:my|your|one)self|cut (?:my|your|one)self|go to sleep forever|not wake up)",
        r"\bhow (?:do|can|could|should|would|might|to|does one|do people|do you|would someone) "
        r"(?:i |you |one |someone |a person |people )?(?:kill|hang|drown|poison|shoot|suffocate|"
        r"overdose|od|off|hurt|harm|cut|burn|starve|strangle|electrocute|gas) "
        r"(?:my ?self|yourself|oneself|themselves|him ?self|her ?self)\b(?! (?:a|an|the) )",
        r"\bhow (?:do|can|could|should|would) (?:i|you|one|someone|people) (?:commit suicide|"
        r"end (?:my|their|your|one'?s) (?:own )?life|end it all|self[- ]?harm|die (?:painlessly|quickly|"
        r"peacefully|in (?:my|their|your) sleep))",
        r"\bhow to (?:commit suicide|kill (?:my ?self|yourself|oneself)|end (?:my|your|one'?s) life|"
        r"self[- ]?harm|hang (?:my ?self|yourself)|overdose on|od on|slit)",
        rf"\b(?:what|which) (?:\w+ ){{0,2}}(?:{PILLS}|drugs|poisons?|chemicals?|over[- ]the[- ]counter)\b"
        rf"[^.?!]{{0,50}}\b(?:overdose|kill|die|lethal|fatal|deadly|od|end it|not wake up)",
        r"\b(?:suicide|dying|killing (?:my|your)self) by (?:hanging|cutting|jumping|overdose|pills|"
        r"drowning|gun|carbon monoxide|train)",
        r"\b(?:hanging|jumping|overdos\w+|drowning|slitting|cutting)\b[^.?!]{0,30}\b(?:or|vs\.?|versus)\b"
        r"[^.?!]{0,30}\b(?:hanging|jumping|overdos\w+|drowning|cutting|pills|stepping in front|gun)",
        r"\bshould i (?:kill my ?self|end it|jump|overdose|hang my ?self)\b",
        rf"\b(?:where|how) (?:can|do|could) i (?:get|buy|find) (?:a |some |enough )?(?:gun|rope|noose|"
        rf"{PILLS}|poison)\b[^.?!]{{0,40}}\b(?:kill|die|end|suicide|my ?self|not wake up)",
        r"\b(?:how (?:high|tall|far)|what height)\b[^.?!]{0,40}\b(?:to die|to kill|be fatal|be lethal|"
        r"to not survive|survive a fall)",
        r"\b(?:be sure|make sure|guarantee|certain|enough)\b[^.?!]{0,25}\b(?:i|you|one|they) (?:die|dies|don'?t survive|"
        r"won'?t survive|do ?n'?t wake up)\b",
        r"\b(?:looking up|look up|looked up|researching|research|googl\w+|searching|search(?:ed)? for|reading about|read about)"
        r" (?:how|ways|methods|the best way) (?:to|people|someone|you|one) (?:die|kill|overdose|od|end (?:it|their life)|hang)",
        r"\bbleed (?:out|the most|to death|faster|more)\b",
        r"\bmy (?:death|suicide|overdose) (?:look|seem) like (?:an )?accident\b",
        r"\b(?:tie|make|tying|making) (?:a |the )?noose\b",
        r"\b(?:would|will|could|can|does|is) (?:jumping|falling|a fall|taking|swallowing|drinking|mixing|eating|overdosing|"
        r"cutting|hanging|drowning|injecting)\b[^.?!]{0,40}\b(?:kill me|be fatal|be lethal|be deadly|be enough to (?:die|kill))",
        r"\b(?:can|could|would|will|does) (?:someone|you|a person|i|one|people) die (?:from|of|if|by) (?:mixing|taking|drinking|"
        r"swallowing|eating|injecting|cutting|jumping|hanging)",
        r"\b(?:does|would|will|is) (?:it|dying) (?:hurt|painful)\b[^.?!]{0,10}\b(?:to die|when you die)?|\bhurts? to die\b",
        r"\b(?:artery|arteries|vein|veins)\b[^.?!]{0,20}\b(?:should|do|would|to) i (?:aim|cut|hit|target|slice)",
        r"\b(?:garage|closed car)\b[^.?!]{0,30}\b(?:engine|car|motor) running\b|\bhose (?:from|to|on) the exhaust\b",
        r"\bhow deep\b[^.?!]{0,30}\bcut|\b(?:high|tall|deep) enough to (?:jump|die|kill|drown|not survive)",
        r"\b(?:peaceful|painless|quick|easy|gentle) way to go\b",
        r"\bhow long (?:does it|would it|will it|until|before)\b[^.?!]{0,40}\b(?:to die|bleed out|"
        r"to suffocate|to drown(?! (?:a|the|my|your|his|her) )|dead|brain damage|(?:my|your|the) heart (?:to )?stops?)",
        r"\b(?:is|would|does|will) (?:hanging|drowning|an overdose|overdosing|bleeding out|jumping|"
        r"suffocating|dying) (?:\w+ )?(?:hurt|painful|painless|quick|fast)",
        r"\b(?:help|assist|teach|tell|show) me (?:how )?(?:to )?(?:die|kill my ?self|end my life|"
        r"plan my (?:suicide|death)|write (?:a|my) (?:suicide|goodbye) note|self[- ]?harm|cut my ?self)",
        r"\b(?:tips|guide|instructions|steps|advice|ways|methods?) (?:for|on|to|of) (?:suicide|committing suicide|"
        r"killing (?:my|your|one)self|self[- ]?harm\w*|cutting (?:my|your)self|hiding (?:my )?cuts)",
        r"\bwithout (?:my (?:parents|mom|mum|dad|family|partner|friends)|anyone|people|them) "
        r"(?:noticing|seeing|knowing|finding out)\b[^.?!]{0,40}\b(?:cut|cuts|scars|burns|self[- ]?harm)",
        r"\b(?:cut|cutting|self[- ]?harm\w*|burn(?:ing)? my ?self)\b[^.?!]{0,40}\bwithout (?:my (?:parents|"
        r"mom|mum|dad|family|partner)|anyone|people|them|it) (?:noticing|seeing|knowing|showing|leaving)",
    ),
    "suicide": _rx(
        r"\bkill(?:ing)? my ?self\b", r"\bkms\b", r"\bunaliv\w*", r"\bsewer ?slide\b",
        r"\b(?:want|wish|wanted|pray|hope) (?:someone|somebody|something|a (?:car|bus|truck)|god) (?:to|would|will) kill me\b",
        r"\b(?:i'?m|i am|im|i feel|feeling|felt|i'?ve been|been|i get|i got|i was|getting|am i|i become|i'?m getting)"
        r" (?:\w+ ){0,2}suicidal\b",
        r"\b(?:i have|i'?m having|having|i get|i got|my|i'?ve had|been having|i keep having) (?:\w+ )?suicidal "
        r"(?:thoughts|ideation|feelings|urges|thinking)",
        r"\b(?:i|i'?ve|i have|i had|i'?m|i am|me|going|want|wanted|plan\w*|thinking about|think about|tried to)"
        r" (?:\w+ ){0,3}(?:commit(?:ting)?|attempt(?:ing|ed)?) suicide\b",
        r"\bmy (?:last |first |second |suicide )?(?:attempt|suicide attempt)\b",
        r"\bend(?:ing)? (?:it all|my (?:own )?life|everything|my existence|my suffering)\b",
        r"\b(?:going to|gonna|want to|wanna|will|ready to|should|could just|decided to|plan to|"
        r"planning to|about to|i'?ll|i might|thinking (?:of|about)) (?:just )?end(?:ing)? (?:it|things)\b"
        r"(?! (?:with|between|off|early|on a|at))",
        r"\btake my (?:own )?life\b",
        r"\b(?:death|dying|suicide|killing my ?self) (?:is|seems|feels|looks) (?:like )?(?:the|my) only (?:way|option|answer|"
        r"choice|escape|way out)\b", r"\bwant out of (?:this|my) life\b",
        rf"\b(?:take|taking|swallow|swallowing|down|downing) (?:every|the whole|a whole) (?:\w+ )?(?:of )?(?:my |the )?"
        rf"(?:{PILLS}|pill|bottle|pack|box|packet)\b",
        rf"\b(?:take|taking|swallow|swallowing|down|downing) all (?:of )?(?:my |the )?{PILLS} (?:at once|in the (?:cabinet|drawer|"
        rf"house|bottle)|i have|i'?ve got|i have left|together)",
        r"\b(?:want|need|wish)(?: for)? (?:it all|everything|the pain|the noise|the voices|the thoughts|my thoughts|my life|life|"
        r"the hurt|my suffering|all of this|all this|it) (?:\w+ ){0,4}(?:to )?(?:stop|end|go away|be over) (?:forever|for good|"
        r"permanently)\b",
        r"\b(?:done|finished) with (?:life|living|being alive|it all|this world|existing)\b",
        r"\b(?:i|me) (?:just )?(?:stopped|stop|ceased?) (?:existing|to exist)\b",
        r"\b(?:easier|better|happier) for (?:everyone|everybody|them|my family|all of them|people) if i (?:just )?(?:died|was gone|"
        r"were gone|disappeared|wasn'?t here|weren'?t here|stopped existing|killed|didn'?t exist)",
        r"\b(?:just|finally) end it(?: all)?\b(?! (?:with|between|off|early|here|now,? (?:with|and)))",
        r"\b(?:planning|planned|plan|imagining|picturing|scheduled?|choosing|chose) (?:the date of )?my (?:own )?(?:death|suicide|exit)\b",
        r"\b(?:want|wanna|wanted|wish|ready|planning|plan|deserve|i'?m going|i'?m gonna) (?:to )?"
        r"(?:just )?(?:die|be dead|not exist|stop existing|not be (?:alive|here|around) any ?more|not wake up|"
        r"never wake up|disappear (?:forever|for good|permanently))\b(?! (?:laughing|of (?:laughter|embarrassment|boredom)))",
        r"\bwish i (?:was|were|'?d|had) (?:dead|never (?:been )?born|gone|not (?:alive|born)|never existed)\b",
        r"\bwish i could (?:just )?(?:die|disappear|sleep forever|not wake up|stop existing|cease to exist)\b",
        r"\b(?:do ?n'?t|do not|dont) (?:want|wanna) (?:to )?(?:live|be alive|be here any ?more|exist|"
        r"wake up|go on|keep going|keep living|be around any ?more|be on this earth)\b",
        r"\b(?:no|any|what'?s the|whats the|the) (?:reason|point) (?:to|in|of|for me to|for) (?:live|living|"
        r"go(?:ing)? on|being alive|being here|existing|life|staying alive|stay alive|keep(?:ing)? going)\b",
        r"\bdon'?t see (?:the|any) point (?:in|of) (?:living|life|going on|being alive|being here|existing)",
        r"\b(?:world|everyone|everybody|family|they|people|it all|things|life)\b[^.?!]{0,30}\b(?:would|will|'?d) be "
        r"(?:so )?(?:better|happier|lighter|easier|fine) (?:off )?without me\b",
        r"\bbetter off (?:dead|without me|if i (?:was|were)(?:n'?t| not) (?:here|around|alive)|"
        r"if i (?:was|were) (?:gone|dead))",
        r"\b(?:no ?one|nobody) would (?:even )?(?:miss me|notice|care|be sad) (?:if|when) i (?:died|was gone|"
        r"were gone|disappeared|killed|wasn'?t here|weren'?t here|was dead|were dead)",
        r"\b(?:life|living|my life) (?:is ?n'?t|is not|isnt|ain'?t) worth (?:living|it any ?more)\b",
        r"\bnot worth (?:living|being alive|staying alive)\b",
        r"\b(?:is it|is life) (?:even )?worth (?:me )?(?:being|staying) alive\b",
        r"\bwhy i should (?:keep )?(?:live|living|go on|going|stay alive|bother|exist)\b",
        r"\b(?:give|tell) me (?:a |one |any )?(?:good )?reasons? (?:to|why i should) (?:live|keep (?:living|going)|stay alive|not kill)",
        r"\b(?:make|let|want|need) (?:it|the pain|everything|this|my pain) (?:all )?(?:to )?(?:stop|end|go away) (?:forever|for good|"
        r"permanently)|\bend (?:the|my) pain (?:forever|for good|permanently)\b",
        r"\bwhy (?:should i|do i even|would i|do i) (?:keep )?(?:live|living|bother living|stay alive|go on|exist)\b",
        r"\b(?:tired|sick) of (?:living|being alive|life|existing|waking up)\b",
        r"\bcan'?t wait (?:to|until i) die\b",
        r"\bi (?:should|might as well|may as well) (?:just )?(?:die|be dead|disappear forever)\b",
        r"\b(?:go to sleep|fall asleep|sleep) and (?:never|not) wake up\b",
        rf"\b(?:have|got|saved|saving|stockpil\w+|hoard\w*|stash\w*|collect\w*|hiding|hidden|been keeping)"
        rf" (?:up )?(?:\w+ ){{0,3}}{PILLS}\b[^.?!]{{0,30}}(?:saved|stashed|hidden|ready|set aside|for when|to end|"
        rf"for the end|just in case)",
        rf"\b(?:saved|saving|stockpil\w+|hoard\w*|stash\w*|collect\w*) (?:up )?(?:\w+ ){{0,3}}{PILLS}\b",
        rf"\b{PILLS} (?:\w+ ){{0,2}}(?:saved|stashed|stockpiled|hoarded|hidden) (?:up|away)?",
        r"\b(?:bought|got|have|tied|made|tying|making) (?:a |the )?(?:rope|noose)\b",
        r"\b(?:wrote|written|writing|left|leave|finished) (?:a|my) (?:suicide|goodbye|last) (?:note|letter)",
        r"\b(?:i|i'?m|i'?ll|i'?ve|me|going to|gonna|want to|wanna|thinking (?:of|about)|about to|try(?:ing)? to)"
        r"\b[^.?!]{0,15}\boverdos(?:e|ed|ing)\b",
        r"\b(?:slit|cut|slash) my (?:wrists?|throat)\b|\b(?:hang|drown|shoot|poison|suffocate|gas) my ?self\b",
        r"\b(?:going to|gonna|ready to|will|about to|want to) go through with it\b",
        r"\b(?:going to|gonna|will|want to|wanna) (?:drink|swallow) (?:bleach|poison|antifreeze)",
        r"\bthe (?:rope|belt|pills?|gun|bridge|knife|train) (?:way|method|route)\b",
        r"\bsuicide is the (?:answer|only (?:way|option|choice)|way out|best option)\b",
        r"\bcan'?t (?:go on|keep) living\b",
        r"\b(?:want|wanna|going|gonna|need|plan|ready) (?:to )?end my ?self\b",
        r"\b(?:writing|wrote|written|write|sent|sending|left) (?:my |a |the )?(?:goodbye|farewell|last|final) "
        r"(?:messages?|letters?|notes?|texts?|posts?|emails?)\b",
        r"\b(?:step|stepping|stepped|walk|walking|jump|jumping|throw(?:ing)? my ?self|lie|lying) (?:down )?in front of "
        r"(?:a|the) (?:bus|train|car|truck|lorry|traffic|tram)\b",
        r"\bput a bullet (?:in|through) my\b|\bblow my brains out\b",
        r"\b(?:jump|throw my ?self) (?:off|from|in front of|under) (?:a|the|my) (?:bridge|building|roof|train|"
        r"balcony|cliff|car|bus|truck)",
        r"\bdrive (?:my car )?(?:off|into) (?:a|the) (?:bridge|cliff|wall|tree|river)",
        r"\b(?:won'?t|will not) (?:be (?:here|around|alive)|need (?:it|them|this|these|anything)|"
        r"be a (?:problem|burden)(?: (?:for|to) (?:anyone|anybody|you|them|everyone|my \w+))?) (?:for long|much longer|any ?more|after (?:tonight|today|this week)|"
        r"where i'?m going|tomorrow)",
        r"\b(?:after|when|once) i'?m (?:gone|dead)\b(?! (?:for|on|to|from|away))",
        r"\b(?:giv(?:e|ing)|gave) away (?:all |most of |some of )?my (?:\w+ )?(?:stuff|things|belongings|"
        r"possessions|clothes|books|games|cat|dog|pets?|guitar|savings|money)\b[^.?!]{0,60}"
        r"\b(?:won'?t need|don'?t need (?:it|them) any ?more|not going to need|when i'?m gone|after i'?m gone|"
        r"for the last time|goodbye|before i go)",
        r"\b(?:putting|put|getting|got|have|had) (?:all )?my affairs in order\b",
        r"\b(?:who|which \w+) (?:should|will|gets?|can have|is getting|is going to get) (?:get |have )?my (?:stuff|things|"
        r"belongings|possessions|cat|dog|pets?|savings|money|guitar|books|clothes)\b",
        r"\b(?:this is|consider this) (?:my )?(?:last|final) (?:message|goodbye|time (?:i|we) (?:talk|speak))\b",
        r"\b(?:goodbye|bye) (?:forever|for good|world)\b|\bfinal goodbye\b",
        r"\b(?:wanted|want|need|have) to say goodbye (?:to (?:you|everyone|everybody) )?(?:before i (?:go|die|leave)"
        r"|for the last time|forever|one last time)",
        r"\bi (?:won'?t|will not) be (?:talking|here|around) (?:to you )?(?:again|any ?more|after tonight)",
        r"\b(?:i have|i'?ve got|i made|i'?ve made|i've a) (?:a |the )?plan (?:to (?:die|end|kill|do it)|and a date|"
        r"for (?:tonight|how|when))",
        r"\b(?:i'?ve|i have) (?:a|my) plan\b[^.?!]{0,40}\b(?:die|end it|kill|pills|rope|tonight|jump)",
        r"\b(?:want|wanna|wish) (?:it|this|everything|life|the pain|my life) (?:all )?to (?:end|be over|stop for good)\b",
        r"\b(?:i'?m|i am) (?:going|gonna) to do it (?:tonight|today|tomorrow|this weekend|soon)\b",
        r"\b(?:i (?:feel|am|'m)|i'?ve (?:never )?felt) (?:so |strangely |really |finally |completely )?"
        r"(?:calm|at peace|peaceful)\b[^.?!]{0,40}\b(?:decided|decision|made up my mind|know what i'?m going to do)",
        r"\b(?:decided|made (?:up )?my mind|made my decision)\b[^.?!]{0,40}\b(?:at peace|calm|peaceful|relieved)\b",
    ),
    "self_harm": _rx(
        r"\b(?:cut|cutting|burn|burning|hurt|hurting|harm|harming|scratch\w*|punish\w*|bang\w*|hit|hitting|"
        r"stab\w*|carv\w*) (?:my ?self|my (?:arms?|wrists?|thighs?|legs?|skin|body))\b"
        r"(?! (?:on (?:a|the)|at (?:the|work)|while|when|playing|shaving|cooking|lifting|during|by accident|"
        r"accidentally|skiing|running|training|falling|with (?:a|the) (?:knife|kitchen)|in (?:the|a) (?:kitchen|game|accident)))",

        r"\b(?:relaps\w+|started|back to|went back to|slipped) (?:on |into |with |again on )?(?:self[- ]?harm\w*|cutting|sh)\b",
        r"\b(?:cutting|burning) (?:again|myself)\b|\bi (?:cut|burned|burnt) (?:again|last night|today)\b",
        r"\b(?:fresh|new|deep|deeper) (?:cuts|scars|wounds|burns)\b(?! (?:on (?:the|my) (?:car|table|phone)))",
        r"\bscars on my (?:arms?|wrists?|thighs?|legs?)\b|\bhid(?:e|ing) (?:my|the) (?:cuts|scars|burns)\b",
        r"\b(?:razor|blade)s? (?:to|on|across|against) my (?:skin|arms?|wrists?|thighs?|legs?)\b",
        r"\b(?:urge|urges) to (?:cut|hurt my ?self|burn my ?self|self[- ]?harm)\b",
        r"\bsince i (?:last )?(?:cut|self[- ]?harmed|hurt my ?self|burned my ?self)\b",
        r"\b(?:hit|hurt|cut|burn|bang|punch|scratch)\w*\b[^.?!]{0,40}\bon purpose\b",
        r"\b(?:safest|best|right|cleanest|proper) way to (?:cut|self[- ]?harm|burn my ?self)\b(?! (?:down|up|back|the|a|an|"
        r"my hair|your hair|hair|through|into|onions?|it|them|costs))",
        r"\b(?:carv\w*|etch\w*|scratch\w*|cut|cutting|burn\w*)\b[^.?!]{0,30}\b(?:into|on|in) my (?:arms?|wrists?|thighs?|legs?|"
        r"skin|stomach|hips?)\b",
        r"\b(?:close to|about to|tempted to|going to|want to|wanna) (?:cut|cutting|burn|hurt my ?self|self[- ]?harm\w*)"
        r"(?: my ?self)? again\b",
        r"\b(?:want|need|wanna) to (?:cut (?:my ?self|again)|hurt my ?self|burn my ?self|self[- ]?harm)\b",
    ),
    "eating_disorder": _rx(
        r"\bpro[- ]?(?:ana|mia)\b|\bthinspo\w*|\bmeanspo\b|\bbonespo\b",
        rf"\bstarv(?:e|ing|ed) {ME}\b|\bstop (?:my ?self from )?eating (?:for|until|so)\b",
        r"\bmake (?:my ?self|me) (?:throw up|vomit|sick|puke) (?:after|when|so)|\bmake my ?self (?:throw up|vomit|puke)\b",
        r"\b(?:throw(?:ing)?|threw) up (?:after (?:i eat|eating|every meal|meals|dinner|lunch)|everything i (?:eat|ate))",
        r"\b(?:i|i'?ve been|i keep|been|i'?m|started) purg(?:e|ing|ed)\b(?=\s*(?:$|[.,!?;]|after|again|every|when|because|"
        r"and|but|so|if|whenever|at night|daily|\d))|\bpurg(?:e|ing) (?:after|again|every)\b",
        r"\bbing(?:e|ing|ed)? (?:and|&|then) purg\w*",
        r"\b(?:taking|take|took|abus\w+|using|on) (?:\w+ )?(?:laxatives|diet pills|diuretics|water pills|ipecac)\b",
        r"\b(?:laxatives|diuretics|ipecac)\b[^.?!]{0,40}\b(?:lose|losing|weight|after (?:i )?eat|purge|a day)",
        r"\b(?:hid(?:e|ing)?|conceal\w*|cover(?:ing)? up) (?:my |the |that i(?:'m| am)? )?(?:not eating|eating disorder|"
        r"ed\b|bulimia|anorexia|purging|weight loss|how little i eat|(?:don'?t|do not|didn'?t) eat)",
        r"\b(?:hide|hiding|hid) (?:it |that )?from (?:my )?(?:parents|family|mom|mum|dad|husband|wife|boyfriend|"
        r"girlfriend|doctor|therapist)\b[^.?!]{0,30}\b(?:eat|food|meal|weight|purg|vomit|throw up)",
        r"\b(?:haven'?t|have not|havent|didn'?t|did not|not) eat(?:en)? (?:anything |properly |a thing )?"
        r"(?:in|for) (?:\d+|two|three|four|five|six|seven|a few|several|many) days\b",
        r"\b(?:[1-7]?\d{1,2}) (?:calories|cals|kcal) (?:a|per|each) day\b",
        r"\b(?:nothing but|only (?:had|drink|drank|drinking|eaten|eat)) (?:black )?(?:coffee|water|tea|diet (?:coke|soda)|gum)"
        r"\b[^.?!]{0,20}\b(?:for|in) (?:\d+|two|three|four|five|six|seven|a few|several|days)",
        r"\b(?:skipping|skip|skipped) (?:all |most )?(?:my )?(?:meals|breakfast and lunch|eating)\b[^.?!]{0,50}\b(?:nobody|no one|"
        r"lost|lose|losing|weight|pounds|lbs|kg|notic\w+|thin|skinny)",
        r"\b(?:lost|lose|losing|dropped|drop) (?:\d+|\w+) (?:pounds|lbs|kg|kilos)\b[^.?!]{0,40}\b(?:skipping|not eating|starv|purg|"
        r"without eating|throwing up)",
        r"\b(?:i )?(?:never|don'?t|do not|won'?t) eat (?:with|in front of|around) (?:the family|my family|others|people|anyone|them)",
        r"\b(?:don'?t|do not) deserve (?:to eat|food|a meal|meals)\b",
        r"\b(?:i'?m|i am|i feel) (?:so |too |disgustingly )?(?:fat|huge|gross)\b[^.?!]{0,40}\b(?:can'?t eat|won'?t eat|"
        r"stop eating|not eat|starve|skip (?:meals|eating)|should eat less|throw up)",
        r"\b(?:i'?ve been|i'?m|i am|been|i keep|started) (?:restricting|fasting for days|skipping (?:all )?(?:my )?meals)\b",
        r"\bchew and spit\b|\bbody ?check(?:ing)?\b|\bmy ed\b(?! (?:clinic(?:ian)?|awareness))",
        r"\b(?:how (?:can|do|could) i|tips to|ways? to) (?:stop|avoid|suppress|ignore|not) (?:eating|hunger|my appetite|"
        r"feeling hungry)\b",
        r"\b(?:lose|drop) (?:\d+|\w+) (?:pounds|lbs|kg|kilos)\b[^.?!]{0,40}\b(?:not eating|starv|without eating|purg|vomit)",
    ),
    "abuse": _rx(
        rf"\b{ABUSER} (?:\w+ )?(?:hits|hit|beats|beat|punche[sd]|punch|kick(?:s|ed)?|chokes?|choked|strangle[sd]|"
        rf"slap(?:s|ped)?|shove[sd]|push(?:es|ed)|burn(?:s|ed)|threaten(?:s|ed)|rapes?|raped|abuses?|abused|"
        rf"molest(?:s|ed)|touch(?:es|ed)|hurts?|grabbed|drags?|dragged|locks?|locked|trapped|force[sd]|assault(?:s|ed)) "
        rf"me\b(?! (?:up|at|in (?:a|the) (?:game|race|match)|to (?:it|the)|with (?:a |the )?(?:question|news|joke)|"
        rf"back (?:with|a text)|by \d))",
        r"\b(?:being|been|was|got|am|i'?m|were) (?:\w+ )?(?:abused|raped|sexually assaulted|molested|beaten up|"
        r"groomed|trafficked|strangled|choked)\b",
        rf"\b(?:afraid|scared|terrified) (?:of|to go home to|to go home because of) {ABUSER}",
        r"\b(?:my|an?) (?:abuser|rapist)\b|\b(?:abusive|violent) (?:relationship|partner|husband|wife|boyfriend|"
        r"girlfriend|parents?|father|mother|dad|mom|mum|household|home|ex|marriage)\b",
        rf"\b{ABUSER} (?:\w+ )?(?:won'?t|doesn'?t|does not|will not) let me (?:leave|see (?:my )?(?:friends|family)|"
        r"have (?:money|my own money|a phone|my phone)|go out|talk to)",
        rf"\b{ABUSER} (?:\w+ )?(?:threaten(?:s|ed)|said|says|swore) (?:he|she|they)?'?(?:ll| will| would)? ?(?:to )?"
        rf"(?:kill|hurt|beat|take the kids)",
        r"\b(?:and|he|she|they|who|then) (?:\w+ )?(?:touches|touched|gropes|groped|fondles|fondled) me\b(?! (?:deeply|so much))",
        rf"\b(?:my )?{PARTNER}\b[^.?!]{{0,50}}\b(?:won'?t let me (?:see|leave|go|have|talk|work)|checks my phone|"
        rf"tracks my (?:phone|location)|takes my (?:money|phone|paycheck|car keys)|controls (?:all )?(?:my |the )?(?:money|finances|everything|who i see)|have to ask (?:him|her|them) "
        rf"(?:for|before|to buy))",
        r"\b(?:no ?one|nobody) (?:will|would|is going to) believe me\b[^.?!]{0,30}\b(?:report|tell|police)",
        r"\blocked (?:me )?in (?:my|the|a|his|her) (?:room|house|basement|closet|cupboard|bathroom|car)\b[^.?!]{0,30}\bby\b",
        rf"\b{ABUSER} (?:\w+ )?locks? me (?:in|out)\b",
        r"\b(?:told|tells|made|makes) me (?:not to|never to|to never|promise not to) tell (?:anyone|anybody|my (?:parents|"
        r"mum|mom|dad|family))",
        r"\b(?:forced|forces|made|makes|pressured) me (?:to )?(?:have sex|do (?:sexual )?things|sleep with|touch)\b",
        r"\b(?:touched|touches|touching) me (?:inappropriately|down there|when i (?:didn'?t|did not|don'?t) want)",
    ),
}
# Names of a kind of risk: a crisis when said of oneself ("my anorexia is back", "I self-harm"),
# not in a question about it ("what is self-harm?", "why is anorexia so dangerous?").
TOPIC = {
    "self_harm": _rx(r"\bself[- ]?harm(?:ing|ed|er)?\b", r"\bself[- ]?injur\w*", r"\bnssi\b"),
    "eating_disorder": _rx(r"\banorexi\w*|\bbulimi\w*|\barfid\b|\beating disorders?\b(?! (?:clinic(?:ian)?|awareness))"),
    "abuse": _rx(r"\bdomestic (?:violence|abuse)\b"),
}
# Wording that is a crisis when the model, or the person's feeling, agrees.
WEAK = {
    "suicide": _rx(
        r"\bsuicid\w*", r"\b(?:want|wanna|need) to disappear\b(?! (?:into|to|for (?:a|the)|on))",
        r"\bcan'?t (?:go on|do this any ?more|take (?:it|this) any ?more|keep going|handle (?:it|life) any ?more)\b",
        r"\b(?:nothing|no ?thing) matters any ?more\b", r"\bi'?m (?:such )?a burden\b", r"\bburden to (?:everyone|my)",
        r"\b(?:hopeless|worthless|no future|no way out|trapped)\b", r"\brather (?:be dead|die)\b", r"\bwant (?:the pain|it all|this) to stop\b",
        r"\bgiv(?:e|ing)(?: all)? (?:away )?(?:all )?my (?:stuff|things|belongings|possessions) away\b|\bgiving away my\b",
        r"\bsaying (?:my )?goodbyes?\b|\b(?:made|wrote|updated) (?:my|a) will\b",
        r"\b(?:wrote|written|writing|left) (?:a |my )?(?:\w+ )?(?:letters?|notes?) (?:to|for) (?:my )?(?:parents|family|mum|mom|"
        r"dad|kids|wife|husband|everyone|friends)",
        r"\b(?:at peace|calm) now\b", r"\bend it\b", r"\boverdos\w+", r"\bnot (?:be )?here (?:any ?more|tomorrow)\b",
        # the means, an absence to come, a decision: risk when the model or the feeling agrees
        r"\b(?:pills|tablets|rope|noose|razor|blades?|gun|bridge|ledge|railing|cliff|rooftop|train tracks|"
        r"carbon monoxide|exhaust|overpass)\b",
        r"\b(?:not|no longer) (?:be )?(?:here|around|alive)\b|\bwhen i'?m (?:not around|gone|no longer here|dead)\b",
        r"\b(?:make it|last|be alive|be here|still be here) (?:to|until|till|through|past) (?:my|the|next|christmas|tomorrow|"
        r"the weekend|the end of)",
        r"\bletting go\b|\bsleep forever\b|\b(?:how|when) i'?m going to do it\b|\bgoing to do it\b",
        r"\b(?:off|into) (?:the|a) (?:road|bridge|river|wall|traffic|tracks|sea|lake)\b",
        r"\b(?:cope|manage|be fine|be okay|be ok|be better|move on)\b[^.?!]{0,30}\b(?:without me|if i (?:wasn'?t|weren'?t|was not|"
        r"were not) (?:here|around|alive))",
        r"\bno (?:way out|reason to|point)\b|\blost all hope\b|\bready to go\b|\b(?:imagining|picturing|planning|"
        r"thinking about) my (?:own )?funeral\b",
        r"\b(?:sorry|forgive me) for everything\b|\bwon'?t (?:need|have) to (?:explain|worry|deal)\b",
        r"\bnot (?:waiting|sticking|hanging) around\b|\b(?:platform|roof|bridge|cliff) edge\b|\bedge of the (?:platform|roof|"
        r"bridge|cliff|building)\b|\bshould just go\b|\bwaste of (?:space|air|oxygen)\b",
    ),
    "self_harm": _rx(r"\bcutting\b", r"\b(?:cuts|scars|burns|bruises?|bleed\w*)\b", r"\bpunish (?:my ?self|me)\b",
                     r"\b(?:razor|blade|lighter|compass|needle)\b[^.?!]{0,30}\b(?:my (?:skin|arms?|wrists?|thighs?|legs?|stomach))\b",
                     r"\bhurt(?:ing)? my ?self\b"),
    "eating_disorder": _rx(r"\bpurg\w+", r"\b(?:calories|fasting|restricting|binge\w*|laxatives?)\b",
                           r"\b(?:fat|thin|skinny|weight)\b", r"\b(?:throw(?:ing)? up|vomit\w*|puk\w+)\b",
                           r"\bwithout (?:food|eating)\b|\b(?:not|stop|quit) eating\b|\b(?:run|burn|work) it off\b",
                           r"\bhate my (?:body|stomach|thighs|weight)\b"),
    "abuse": _rx(r"\babus\w+", r"\b(?:hits|hit|beats|beat|choked|raped|assault\w*) (?:me|her|him)\b(?! (?:up|back|at|in))",
                 r"\b(?:scared|afraid|terrified) of (?:him|her|them|what (?:he|she|they|my \w+) (?:will|might|would))\b",
                 r"\b(?:pushed|shoved|burns?|burned|slapped|kicked|grabbed|punched|threw \w+ at) me\b"),
}
LOOKALIKE = _rx(
    r"\b(?:is|are|'s|'re|was|were|it'?s|its|this|that|these|those|you'?re|you are) (?:\w+ )?(?:literally |actually |so |just )?"
    r"(?:killing|kills|killed|gonna kill|going to kill) me\b",
    r"\b(?:dying|dyin) (?:to|for|of (?:laughter|boredom|embarrassment|curiosity))\b|\bto die for\b|"
    r"\b(?:died|dying|dead) (?:laughing|of laughter)\b|\bi'?m (?:literally |actually )?(?:dead|deceased|crying)\b"
    r"(?:[^.?!]{0,6}(?:lol|lmao|😂|haha))?|\b(?:lol|lmao|lmfao|rofl|haha\w*|😂|🤣)\b",
    r"\b(?:bored|scared|worried|frozen|tired|sick) to death\b|\bdead (?:tired|serious|last|end|battery|phone)\b",
    r"\bkill (?:it|the (?:lights?|time|engine|mood|vibe)|time)\b|\bkilled it\b|\bkiller (?:app|feature|view|deal|workout)\b",
    r"\b(?:kill|killall|pkill|xkill|terminate|abort|purge|shutdown|reap|signal)\b[^.?!]{0,40}\b(?:process(?:es)?|"
    r"pid|job|jobs|task|tasks|thread|session|daemon|service|server|container|pod|app|application|program|tab|"
    r"window|query|connection|command|shell|script|terminal|tmux|screen|zombies?|queue|cache|packages?|"
    r"logs?|snapshots?|branch(?:es)?|builds?|instances?|workers?|signals?|vms?|volumes?|images?|records?|rows?|"
    r"tables?|files?|emails?|accounts?|users?|messages?|entries|versions?|backups?|cookies?|history)\b",
    r"\b(?:sigkill|sigterm|kill -\d|kill -[a-z]+|apt(?:-get)? purge|dpkg|--purge|--kill|cron|systemctl|docker|"
    r"kubectl|git|npm|sudo|bash|linux|unix|windows|macos|python|java|node)\b",
    r"\b(?:game|games|gaming|level|boss|zombies?|creeper|dragon|npc|enemy|enemies|character|minecraft|"
    r"fortnite|call of duty|elden ring|red dead|gta|grand theft auto|hitman|assassin'?s creed|the sims|dark souls|skyrim|pubg|overwatch|league|d&d|dnd|campaign|quest|"
    r"movie|film|book|novel|series|episode|season|song|album|lyrics|plot|villain|scene|story|poem|"
    r"fiction|fanfic|anime|manga|tv show|netflix|chess|match|team|player|players)\b",
    r"\b(?:cut|hurt|burn(?:ed|t)?|injured|scratched) (?:my ?self|my \w+) (?:\w+ )?(?:shaving|cooking|chopping|slicing|"
    r"on (?:a|the)|at (?:the|work)|while|playing|lifting|by accident)|\baccidentally (?:cut|hurt|burn)|\bhit me up\b",
    r"\b(?:my )?(?:phone|battery|laptop|car|plant|plants|computer|printer|tv|sourdough|houseplant)\b[^.?!]{0,20}\b(?:died|dead|dying)\b",
    r"\bi'?m (?:so |literally |absolutely )?(?:starving|famished)\b(?! my ?self)|\bintermittent fasting\b",
    r"\bfast(?:ing)? (?:for|during) (?:ramadan|lent|yom kippur|a blood test|surgery|my surgery|a procedure)\b|\bramadan\b",
    r"\b(?:in a healthy way|healthily|safely|healthy (?:weight|diet|way)|sustainabl\w+|nutritionist|dietitian|balanced diet|personal trainer)\b",
    # a food one cannot eat for the body's sake, not for the mind's: an allergy, an intolerance
    r"\b(?:allerg\w*|intoleran\w*|epi-?pens?|anaphyla\w*|coeliac|celiac|hives|gluten|lactose|"
    r"(?:nut|gluten|dairy|lactose)-?free)\b|\b(?:makes?|made) me (?:swell|come out in|break out)\b",
    r"\b(?:died|passed away|passed on|put down|put to sleep|funeral|in (?:the )?hospital|hospice|diagnosed with|chemo)\b",
    r"\b(?:(?:much )?better place now|doing (?:much |so much )?better|in recovery|recovered|years? (?:clean|free)|"
    r"(?:was|were|used to be) (?:\w+ )?(?:abusive|violent)|got out of|left him|left her|survivor)\b",
    r"\bend (?:it|things) with (?:him|her|them|my \w+)\b|\bbreak(?:ing)? up\b|\bdump(?:ing)? (?:him|her|my)\b",
    r"\b(?:disappear|escape|get away|vanish)\b[^.?!]{0,30}\b(?:mountains|woods|forest|beach|island|holiday|vacation|"
    r"hiking|trip|weekend|cabin|book)\b",
    r"\b(?:could eat a horse|so hungry i could|famished|peckish)\b",
    r"\b(?:why|how|what makes) (?:do|does|did|would|can|could) (?:people|someone|somebody|a person|teens|teenagers|kids|"
    r"they|patients)\b",
    r"\b(?:history|statistics|rates?|research|definition|define|symptoms|signs of|recogni[sz]e|article|essay|report|paper|documentary|"
    r"news|study|studies|epidemiology|awareness|prevention)\b",
)
# Someone close has died: grief, for the model not the user's risk, and nothing to warn about.
GONE = _rx(rf"\b(?:my|a|our|his|her|their) {PEOPLE}\b(?:'s)?[^.!]{{0,80}}\b(?:died|passed away|lost)")
AT_RISK = _rx(
    rf"\b(?:my|a|our|his|her|their) {PEOPLE}\b(?:'s)?[^.!]{{0,80}}\b(?:suicid\w*|kill(?:ed)? (?:him|her|them)sel(?:f|ves)|"
    rf"self[- ]?harm\w*|cuts? (?:him|her|them)sel\w*|overdos\w+|attempted|took (?:his|her|their) (?:own )?life|"
    rf"wants? to die|want(?:s|ed)? to end|eating disorder|anorexi\w*|bulimi\w*|abus\w*|hits (?:him|her|them)|"
    rf"hurting (?:him|her|them)sel\w*|starving (?:him|her|them)sel\w*)",
    r"\b(?:help|support|talk to|be there for|reach out to|worried about|scared for|afraid for) (?:someone|somebody|"
    r"a friend|my \w+|him|her|them|a loved one|people)\b[^.?!]{0,60}\b(?:suicid\w*|self[- ]?harm\w*|cutting|"
    r"eating disorder|anorexi\w*|bulimi\w*|abus\w*|die|kill|crisis|depress\w*)",
    r"\b(?:he|she|they) (?:said|says|told me|texted|posted|keeps saying|mentioned) (?:that )?(?:he|she|they) "
    r"(?:wants? to|is going to|will|might|was going to|has been thinking)",
    r"\b(?:he|she|they) (?:said|says|told me|texted|posted|admitted|confided|mentioned) (?:that )?(?:he|she|they)"
    r"(?:'s| is| has| was| had| are|'ve| have)? (?:been )?(?:suicidal|self[- ]?harm\w*|cutting|starving|purging|"
    r"hurting|thinking about (?:suicide|dying|ending))",
)
SOMEONE_ELSE = re.compile(f"{AT_RISK.pattern}|{GONE.pattern}", re.I)
MINE = re.compile(r"\b(?:i|i'?m|im|i'?ve|ive|i'?d|my|me|myself)\b", re.I)
FIRST_PERSON = re.compile(r"\b(?:i|i'?m|im|i'?ve|ive|i'?ll|i'?d|me|my|mine|myself)\b", re.I)
NEGATED = re.compile(
    r"\b(?:not|never|no longer|without|\w+n't|dont|cant|wont|didnt|doesnt|isnt|wasnt|aint|havent|wouldnt|couldnt)\b"
    r"(?! (?:just|only|simply|merely|even|gonna lie|going to lie|kidding|joking))(?:\s+\w+){0,2}\s*$", re.I)
NOT_A_DENIAL = re.compile(r"\b(?:not|\w+n'?t) (?:gonna|going to) lie\b|\bnot (?:kidding|joking)\b|"
                          r"\b(?:\w+n'?t|not|dont|cant|wont) (?:just|only|simply|merely|even)\b", re.I)
CONTINUATION = _rx(
    r"\b(?:thinking|thought) (?:about|of) (?:it|that|this|doing it|doing that)\b",
    r"\b(?:been|keep|kept|can'?t stop) thinking about it\b", r"\b(?:have|got|made|there'?s) a plan\b",
    r"\b(?:i'?m|i am) (?:serious|not joking|not kidding)\b|\bi mean it\b|\bfor real\b",
    r"\b(?:going to|gonna|will|want to|wanna) do it\b", r"\bdo it (?:tonight|today|tomorrow|soon|this week)\b",
    r"\b(?:i'?ve|i have) decided\b|\bmade up my mind\b", r"\b(?:how|when|where) (?:would|should|could|do) i do (?:it|that)\b",
    r"\b(?:more and more|every day|all the time|constantly|a lot)\b[^.?!]{0,20}$",
    r"\bi (?:can'?t|cannot) (?:anymore|any more|do it anymore)\b",
)


def normal(text: str) -> str:
    """Curly quotes straight, so "don’t" reads as "don't"."""
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")


def found(pattern: re.Pattern, text: str) -> bool:
    """A match not denied just before it: "I'm not suicidal" is not a crisis, but "I don't
    just want to die, I have a plan" and "not gonna lie, I want to die" are."""
    for m in pattern.finditer(text):
        before = text[max(0, m.start() - 40):m.start()]
        if not NEGATED.search(before) or NOT_A_DENIAL.search(text[max(0, m.start() - 24):m.start() + 8]):
            return True
    return False


def pattern(text: str) -> str | None:
    """The kind of risk strong wording names, if any."""
    text = normal(text)
    kind = next((kind for kind, rx in STRONG.items() if found(rx, text)), None)
    if kind is None and method_question(text):
        kind = "method"
    return kind or next((kind for kind, rx in TOPIC.items() if own(rx, text)), None)


ASKING = re.compile(
    r"\b(?:how (?:do|can|could|should|would|might|to|much|many|long|high|far|deep|fast|quickly)|what(?:'s| is| are)? "
    r"(?:the )?(?:best|easiest|quickest|fastest|surest|most \w+|least \w+|simplest|right|good|strongest)|which|"
    r"what (?:[\w'-]+ ){1,3}(?:would|will|could|can|should)|where (?:can|could|do|should) i|"
    r"(?:would|will|could|can|does|is) (?:[\w'-]+ ){0,4}(?:enough|it|that|this))\b", re.I)
OUTCOME = _rx(
    r"\b(?:die|dying|stop (?:my|your|a|the|someone'?s) heart|not survive|fatal|lethal|deadly|"
    r"kill (?:me|my ?self|yourself|oneself)|overdos\w*|hang(?:ing)? (?:my|your|one)self|"
    r"(?:commit )?suicide|end (?:my|your|one'?s) life|bleed out|never wake up|not wake up)\b")
NOT_MINE = re.compile(r"\b(?:mean|means|meaning|definition|define|people|deaths|each year|per year|a year|annually|worldwide|statistics|did|happens|"
                      r"happened|in history|in the (?:book|film|movie|show|game)|animals?|plants?|lawn|bacteria|cells|dogs?|cats?|pets?|"
                      r"pupp(?:y|ies)|kittens?|horses?|birds?|fish|rats?|mice|"
                      r"virus|insects?|pests?|weeds?)\b", re.I)


def method_question(text: str) -> bool:
    """A question after a way to die, in words no fixed pattern names ("what over-the-counter
    medicine would stop my heart?"): strong, unless it is about something else."""
    text = normal(text)
    asked = [m.end() for m in ASKING.finditer(text)]
    return (any(found(OUTCOME, text[start:start + 80].split(".")[0]) for start in asked)
            and not NOT_MINE.search(text) and not LOOKALIKE.search(text) and not SOMEONE_ELSE.search(text))


def own(rx: re.Pattern, text: str) -> bool:
    """The name of a risk said of oneself: "my anorexia", "I've been self-harming", not "why do
    people self-harm? I want to understand"."""
    return any(found(rx, text[max(0, m.start() - 30):m.end()])
               and MINE.search(text[max(0, m.start() - 30):m.start()]) for m in rx.finditer(text))


def weak(text: str) -> str | None:
    text = normal(text)
    return next((kind for table in (TOPIC, WEAK) for kind, rx in table.items() if found(rx, text)), None)


RISK_WORDS = re.compile(r"\b(?:suicid\w*|kill\w* my ?self|hurt\w* my ?self|harm\w* my ?self|self[- ]?harm\w*|"
                        r"cut\w* my ?self|die|dying|dead|end it|end my life|starv\w*|purg\w*|abus\w*)\b", re.I)


def denied(text: str) -> bool:
    """Risk words only under a denial ("I'm not suicidal", "I would never hurt myself"): the
    model, which reads words rather than grammar, is not trusted on these."""
    hits = list(RISK_WORDS.finditer(text))
    return bool(hits) and all(NEGATED.search(text[max(0, m.start() - 40):m.start()])
                              and not NOT_A_DENIAL.search(text[max(0, m.start() - 40):m.start()])
                              for m in hits)


def looks_alike(text: str) -> bool:
    """Risk words with a harmless meaning, or about someone else, or no one in particular."""
    text = normal(text)
    return bool(LOOKALIKE.search(text) or SOMEONE_ELSE.search(text) or not FIRST_PERSON.search(text)
                or denied(text))


def about_someone_else(text: str) -> bool:
    """Talk of someone else: at risk, or gone. Either way not the user's own risk."""
    return bool(SOMEONE_ELSE.search(normal(text)))


def someone_else_at_risk(text: str) -> bool:
    """Worry about someone else's safety (care on how to help them), not a death (grief)."""
    return bool(AT_RISK.search(normal(text)))
