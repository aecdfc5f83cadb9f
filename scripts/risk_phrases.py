"""Short first-person risk messages and their look-alikes, composed from hand-written parts.

The risk data (``shared/data/risk``) is mostly long Reddit posts; people talking to a companion
write one short line ("i have pills saved up", "how high would a bridge need to be"), and the
data holds few of those and almost no slang. These parts, written for OS1 and combined at
random with a fixed seed, add that register to training, with as many look-alikes built from
the same words (kill a process, dying to see a film, a friend's past attempt, a lethal dose for
a dog), so the model learns the difference and not the words. Used by ``train_risk.py``.
"""

from __future__ import annotations

import random

OPEN = ["", "", "", "honestly ", "lately ", "tbh ", "i think ", "some days ", "ngl ", "i swear "]
WHEN = ["tonight", "this weekend", "tomorrow", "after everyone is asleep", "on friday", "soon"]
PEOPLE = ["my family", "everyone", "my kids", "my parents", "my friends", "the world", "my partner"]
MEANS = ["pills", "sleeping pills", "a rope", "a razor", "my dad's gun", "enough tablets",
         "my antidepressants", "a bottle of painkillers", "insulin"]
PLACE = ["bridge", "building", "car park roof", "cliff", "overpass", "balcony"]
DRUG = ["paracetamol", "tylenol", "ibuprofen", "sleeping pills", "xanax", "insulin",
        "antidepressants", "oxycodone", "benadryl", "my meds"]
RELATION = ["husband", "wife", "boyfriend", "girlfriend", "partner", "dad", "mum", "mom",
            "stepdad", "uncle", "brother", "ex"]
OTHER = ["friend", "best friend", "sister", "brother", "cousin", "roommate", "son", "daughter",
         "coworker", "student"]
TECH = ["the process", "a zombie process", "that docker container", "the server", "all node processes",
        "the old logs", "the cache", "a stuck job", "the tmux session", "a git branch", "chrome"]
FOOD = ["pizza", "a coffee", "tacos", "a burger", "ice cream", "noodles"]

RISK = {
    "suicide": [
        "{o}i want to {die}", "{o}i keep thinking about {ideation}", "{o}{people} would be {better} without me",
        "{o}i have {means} {ready}", "{o}i'm going to {act} {when}", "{o}i don't think i'll {last}",
        "{o}i can't do this anymore, i want {end}", "{o}what's the point of {living} anymore",
        "{o}i gave away my {thing} because i won't need it", "{o}i wrote letters to {people} for when i'm gone",
        "{o}i feel calm now that i know what i'm going to do", "{o}i'm saying goodbye to everyone {when}",
        "{o}i wish i could {vanish}", "{o}i just want {end}", "{o}i'm done with {living}",
        "{o}nobody would miss me if i {gone}", "{o}i've been planning how to {act}",
        "{o}i looked up how to {act} {when}", "{o}i'm standing on the {place} right now",
        "{o}kms", "{o}i wanna unalive myself", "{o}i'm so ready to die", "{o}i want to sleep and never wake up",
    ],
    "method": [
        "how many {drug} would it take to {die_q}", "what's the {adj} way to {die_q}",
        "how high does a {place} need to be to {die_q}", "which {drug} is most lethal in an overdose",
        "how long does it take to {die_q} from {method}", "is {method} a painless way to go",
        "where can i buy {means} to {die_q}", "what is a lethal dose of {drug}",
        "how much {drug} would {die_q2}", "would {method} kill me", "how do i {method_verb} myself",
        "how deep do i need to cut to {die_q}", "tell me the {adj} way to {die_q}",
    ],
    "self_harm": [
        "{o}i {sh_past} myself again {sh_when}", "{o}the urge to {sh} is so strong {when}",
        "{o}how do i hide the {marks} from {people}", "{o}i use {tool} on my {body} when i'm {feeling}",
        "{o}i relapsed and {sh_past} myself", "{o}i {sh} myself to feel something",
        "{o}i deserve to hurt, so i {sh} myself", "{o}how do i {sh} myself without anyone noticing",
    ],
    "eating_disorder": [
        "{o}i've only eaten {tiny} {period}", "{o}i make myself {vomit} after {meal}",
        "{o}i take {laxative} so the food doesn't stay in", "{o}how do i {suppress} so i can keep not eating",
        "{o}i hide {food_habit} from {people}", "{o}i exercise for hours to burn off every calorie i eat",
        "{o}i feel disgusting every time i eat", "{o}i don't deserve to eat {period}",
        "{o}i want to get down to {weight} no matter what", "{o}give me a diet under {kcal} calories a day",
        "{o}how do i stop eating for {span}", "{o}i binge and then i {vomit}",
    ],
    "abuse": [
        "{o}my {rel} {hurt} me {abuse_when}", "{o}i'm scared of my {rel}", "{o}my {rel} won't let me {control}",
        "{o}my {rel} {sexual}", "{o}my {rel} threatened to {threat} if i leave",
        "{o}i'm afraid to go home because of my {rel}", "{o}my {rel} locks me in {room}",
        "{o}my {rel} takes my {thing2} and checks my phone",
    ],
}
BENIGN = {
    "benign_lookalike": [
        "how do i kill {tech}", "how do i {tech_verb} {tech}", "this {chore} is killing me",
        "i'm dying to {fun}", "that {show} was to die for", "i'd kill for {food} right now",
        "i'm starving, let's get {food}", "how do i kill the {enemy} in {game}",
        "my {other} {past_risk} and is doing much better now", "how can i support my {other} who {risk_other}",
        "what is {topic}", "why is {topic} so dangerous", "what are the warning signs of {topic}",
        "how did {famous} die", "what is a lethal dose of {pet_food} for a {pet}",
        "how do i cut {fruit} without hurting myself", "how many calories should i eat to {goal}",
        "that {workout} killed me", "i nearly died laughing at {show_thing}", "my phone died again",
        "{tech_cmd}", "i'm so dead lol my mum saw my grades", "we need to cut the {budget}",
        "how do i shoot {photo}", "i could murder a {food}", "my {other} is being abused, how can i help",
        "is {drug} safe to take with {drug2}", "how many {drug} are in a box",
    ],
    # The risk lines' own shapes with harmless ends, so the shape alone never reads as risk.
    "benign_other": [
        "{o}i'm going to {plan_act} {when}", "{o}i keep thinking about {nice_thought}", "{o}i have {item} {ready_ok}",
        "{o}i don't think i'll {finish}", "{o}i want to {wish}", "{o}i gave away my {thing} because {reason}",
        "{o}i wrote letters to {people} for {occasion}", "{o}i feel calm now that {calm_reason}",
        "{o}i'm saying goodbye to {coworkers} {when}", "{o}i've been planning how to {project}",
        "{o}i looked up how to {project} {when}", "{o}i'm standing on the {place} right now, the view is amazing",
        "{o}i've been thinking about it a lot", "{o}i'm going out with {people} {when}", "{o}i can't do this {task} anymore",
        "{o}i'm done with {chore2}", "{o}what's the point of {pointless}", "{o}nobody would notice if i {small_change}",
        "{o}i've only eaten {meal_ok} {period}", "{o}how many {drug} can i safely take in a day",
        "{o}my {rel} {kind_act} me {abuse_when}", "{o}i'm so ready for {holiday}", "{o}i just want {rest}",
        "{o}how do i {tech_verb} {tech}", "{o}i'm going to do it, {brave_thing}", "{o}i use a razor on my legs {shave_when}",
        "{o}can you help me plan {plan}", "{o}what's a good {thing3} for {goal2}", "{o}i started {hobby} this month",
        "{o}tell me something about {animal}", "{o}how do i ask my {rel} for {ask}",
    ],
    "benign_sad": [
        "{o}i feel {sad} since {event}", "{o}i miss my {lost} so much", "{o}{event} and i can't stop crying",
        "{o}i'm so lonely on {day}", "{o}i failed {exam} and i feel awful", "{o}work has been exhausting lately",
        "{o}nobody {contact} me anymore", "{o}i'm so lonely since {event}", "{o}you're the only one i talk to",
        "{o}i haven't seen anyone in {span2}", "{o}i feel like nobody {cares_about} me", "{o}i'm always alone on {day}",
        "{o}i don't have anyone to {share}", "{o}my {lost} doesn't call anymore",
    ],
}
FILL = {
    "o": OPEN, "when": WHEN, "people": PEOPLE, "means": MEANS, "place": PLACE, "drug": DRUG,
    "drug2": DRUG, "rel": RELATION, "other": OTHER, "tech": TECH, "food": FOOD,
    "die": ["die", "end my life", "kill myself", "stop existing", "disappear forever", "not wake up",
            "be gone", "end it all", "stop being alive"],
    "ideation": ["ending my life", "killing myself", "dying", "taking all my pills", "jumping off a bridge",
                 "not being here", "how to end it", "hanging myself"],
    "better": ["better off", "happier", "fine", "so much better"],
    "ready": ["saved up", "hidden in my drawer", "ready for tonight", "set aside", "stockpiled"],
    "act": ["end it", "kill myself", "take all my pills", "jump", "do it", "end my life", "overdose"],
    "last": ["make it to next week", "be here much longer", "last the month", "be alive at christmas"],
    "end": ["it all to end", "everything to stop forever", "the pain to end for good", "to be gone"],
    "living": ["living", "being alive", "life", "going on", "waking up"],
    "thing": ["guitar", "games", "books", "cat", "clothes", "savings", "laptop"],
    "vanish": ["disappear forever", "just not exist", "fall asleep and never wake up", "die"],
    "gone": ["died", "was gone", "killed myself", "disappeared"],
    "die_q": ["die", "kill myself", "end my life", "not wake up", "overdose"],
    "die_q2": ["kill me", "be fatal", "be enough to die", "stop my heart"],
    "adj": ["easiest", "most painless", "quickest", "surest", "least painful", "most reliable"],
    "method": ["hanging", "drowning", "an overdose", "bleeding out", "carbon monoxide", "jumping"],
    "method_verb": ["kill", "hang", "poison", "drown", "overdose", "suffocate"],
    "sh": ["cut", "burn", "hurt", "scratch", "hit"], "sh_past": ["cut", "burned", "hurt", "scratched", "hit"],
    "sh_when": ["last night", "in the bathroom", "after the fight", "today"],
    "marks": ["cuts", "scars", "burns", "bruises"], "tool": ["a razor", "a blade", "a lighter", "scissors"],
    "body": ["arms", "thighs", "wrists", "stomach"], "feeling": ["overwhelmed", "angry at myself", "numb"],
    "tiny": ["an apple", "black coffee", "a few crackers", "water", "300 calories"],
    "period": ["today", "in three days", "all week", "since monday"],
    "vomit": ["throw up", "vomit", "purge"], "meal": ["dinner", "every meal", "lunch", "eating"],
    "laxative": ["laxatives", "diet pills", "water pills"],
    "suppress": ["stop feeling hungry", "kill my appetite", "ignore hunger"],
    "food_habit": ["not eating", "my purging", "how little i eat", "my weight loss"],
    "weight": ["90 pounds", "40 kilos", "a size zero"], "kcal": ["500", "600", "400", "800"],
    "span": ["a week", "three days", "as long as possible"],
    "hurt": ["hits", "slaps", "chokes", "kicks", "pushes", "shoves", "punches", "burns"],
    "abuse_when": ["when he drinks", "when she's angry", "every night", "if dinner is late", ""],
    "control": ["see my friends", "have my own money", "leave the house", "talk to my family"],
    "sexual": ["touches me when i don't want it", "forces me to have sex", "makes me do things to him"],
    "threat": ["kill me", "hurt the kids", "take the kids", "hurt me"],
    "room": ["my room", "the bathroom", "the basement"], "thing2": ["money", "car keys", "paycheck"],
    "tech_verb": ["terminate", "purge", "abort", "kill -9", "shoot down", "cut"],
    "chore": ["deadline", "commute", "heat", "spreadsheet", "traffic", "homework"],
    "fun": ["see that movie", "try that ramen", "hear the new album", "meet your dog"],
    "show": ["concert", "cake", "view", "dessert", "episode"],
    "enemy": ["dragon", "final boss", "zombies", "creeper"], "game": ["elden ring", "minecraft", "the game", "zelda"],
    "past_risk": ["attempted suicide last year", "used to self-harm", "had anorexia", "was in an abusive relationship"],
    "risk_other": ["is suicidal", "self-harms", "has bulimia", "talks about dying"],
    "topic": ["suicide", "self-harm", "anorexia", "an overdose", "bulimia", "domestic abuse"],
    "famous": ["kurt cobain", "marilyn monroe", "virginia woolf", "napoleon"],
    "pet_food": ["chocolate", "caffeine", "grapes", "xylitol"], "pet": ["dog", "cat", "puppy"],
    "fruit": ["an avocado", "a mango", "a pineapple"], "goal": ["lose weight safely", "build muscle", "stay healthy"],
    "workout": ["leg day", "spin class", "run"], "show_thing": ["that show", "your joke", "the ending"],
    "tech_cmd": ["pkill -f node kills every node process", "apt purge removes a package and its config",
                 "kill -9 sends sigkill to a process", "docker kill stops a running container",
                 "git branch -D deletes a branch even if it is not merged"],
    "budget": ["budget", "costs", "meeting short"], "photo": ["a good portrait", "photos at night", "a wedding"],
    "sad": ["really low", "empty", "sad all the time", "heartbroken"],
    "event": ["the breakup", "my dad's funeral", "i lost my job", "we moved away", "my dog died"],
    "lost": ["grandmother", "dad", "old friends", "ex"], "day": ["weekends", "sundays", "holidays"],
    "exam": ["my driving test", "the exam", "the interview"],
    "plan": ["a dinner party", "a trip to rome", "my week"], "thing3": ["book", "stretch", "recipe"],
    "goal2": ["a long flight", "beginners", "a rainy day"], "hobby": ["the cello", "climbing", "knitting"],
    "animal": ["octopuses", "crows", "whales"], "ask": ["more space", "a raise", "help with chores"],
    "plan_act": ["see a movie", "bake bread", "call my mum", "go for a run", "start the new book", "paint my room"],
    "nice_thought": ["the trip", "her smile", "that job offer", "moving to the coast", "getting a dog"],
    "item": ["tickets", "the keys", "snacks", "a plan", "my notes"], "ready_ok": ["saved up", "ready", "set aside", "sorted"],
    "finish": ["finish the book this week", "make it to the party", "get the promotion", "pass the exam"],
    "wish": ["learn spanish", "disappear into a good book", "sleep in tomorrow", "see the northern lights", "be a nurse"],
    "reason": ["i'm moving abroad", "i got a new one", "i never play it", "my niece loves it"],
    "occasion": ["their birthdays", "christmas", "our wedding", "graduation"],
    "calm_reason": ["the exam is over", "i've booked the trip", "i talked to my boss", "the move is done"],
    "coworkers": ["my coworkers", "my class", "the old flat", "my team"],
    "project": ["build a shed", "ask for a raise", "propose", "plant tomatoes", "fix my bike"],
    "task": ["assignment", "spreadsheet", "puzzle", "level"], "chore2": ["this job", "exams", "winter", "this diet"],
    "pointless": ["ironing socks", "this meeting", "folding fitted sheets"],
    "small_change": ["skipped the meeting", "wore the same shirt", "left early"],
    "meal_ok": ["a big breakfast", "pasta", "snacks"], "kind_act": ["hugs", "surprises", "cooks for", "drives"],
    "holiday": ["the weekend", "christmas", "summer", "bed"], "rest": ["a nap", "some quiet", "pizza tonight"],
    "brave_thing": ["i'm signing up for the marathon", "i'm quitting my job", "i'm asking her out"],
    "shave_when": ["in the shower", "every morning", "before swimming"],
    "contact": ["calls", "texts", "visits", "invites", "writes to"], "span2": ["weeks", "days", "a month"],
    "cares_about": ["cares about", "understands", "listens to", "likes"],
    "share": ["talk to", "go out with", "eat with", "tell things to"],
}


def compose(template: str, rng: random.Random) -> str:
    out = template
    while "{" in out:
        start = out.index("{")
        key = out[start + 1:out.index("}", start)]
        out = out[:start] + rng.choice(FILL[key]) + out[out.index("}", start) + 1:]
    return out


def phrases(per_template: int = 12, seed: int = 13) -> list[tuple[str, str]]:
    """(text, label) pairs, deduplicated, in a fixed order."""
    rng = random.Random(seed)
    seen, out = set(), []
    for table, times in ((RISK, per_template), (BENIGN, 2 * per_template)):  # as many look-alikes
        for label, templates in table.items():
            for template in templates:
                for _ in range(times):
                    text = compose(template, rng).strip()
                    text = text[0].upper() + text[1:] if rng.random() < 0.5 else text
                    if text not in seen:
                        seen.add(text)
                        out.append((text, label))
    return out
