"""Builds vader-corpus.jsonl: sentences scored by the reference VADER implementation.

Run with `pip install vaderSentiment==3.3.2` and `python3 make-vader-corpus.py > vader-corpus.jsonl`.
The Swift port must agree with every line to within 0.001 (SentimentAgreementTests).
The sentences are generated deterministically from templates that exercise every rule of
VADER: boosters and dampeners, negation, "but", "least", "no", ALL CAPS, punctuation emphasis,
emoticons, emoji, idioms, and ordinary workplace feedback; then a thousand word salads of every
rule's trigger words and random lexicon entries, in random case and punctuation, with Unicode
spaces.
"""
import json
import random

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

REFERENCE = [
    "VADER is smart, handsome, and funny.", "VADER is smart, handsome, and funny!",
    "VADER is very smart, handsome, and funny.", "VADER is VERY SMART, handsome, and FUNNY.",
    "VADER is VERY SMART, handsome, and FUNNY!!!", "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "VADER is not smart, handsome, nor funny.", "The book was good.", "At least it isn't a horrible book.",
    "The book was only kind of good.", "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "Today SUX!", "Today only kinda sux! But I'll get by, lol", "Make sure you :) or :D today!",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁", "Not bad at all",
    "Sentiment analysis has never been good.", "Sentiment analysis has never been this good!",
    "Most automated sentiment analysis tools are shit.", "With VADER, sentiment analysis is the shit!",
    "Other sentiment analysis tools can be quite bad.", "On the other hand, VADER is quite bad ass",
    "VADER is such a badass!", "Without a doubt, excellent idea.",
    "Roger Dodger is one of the most compelling variations on this theme.",
    "Roger Dodger is at least compelling as a variation on the theme.",
    "Roger Dodger is one of the least compelling variations on this theme.",
    "Not such a badass after all.", "Without a doubt, an excellent idea.",
    "It was one of the worst movies I've seen, despite good reviews.", "Unbelievably bad acting!!",
    "Poor direction.", "VERY poor production.", "The movie was bad.", "Very bad movie.", "VERY BAD movie!",
    "balloons", "happy birthday", "laughing", "tear gas", "", "   ", "!!!", "???", ":)", ":-(", "<3",
    "no problem at all", "no good deed", "There is no joy in this.", "no, not good or nice",
    "I don't dislike it", "It isn't not terrible", "He never ever helps", "Nothing good came of it",
    "The talk was kind of boring but the Q&A was really great!", "sort of ok", "It was the bomb",
    "That was to die for", "yeah right", "the kiss of death for the project", "at the bus stop",
    "Not so great", "never so happy", "never this bad", "He was the least helpful reviewer",
    "She is very least happy", "At least they tried", "FANTASTIC work, truly", "GREAT!!! but slow",
    "no, no, NO!", "I ❤️ this team", "Thanks 🙏 for the help 👍", "meh 😐", "ugh 😡😡", "🎉🎉 shipped",
    "ok...", "okay?!?!", "Wow!!!!!!", "really really really good", "ALL CAPS EVERYWHERE HERE",
    "Mostly CAPS BUT some lower", "won't stop complaining", "cannot fault her work", "aint bad",
    "hardly helpful", "barely acceptable", "slightly annoying", "somewhat useful", "extremely useful",
    "Could've been better", "doesn't care", "wasn't rude", "the best!", "the worst?",
]

PEOPLE = ["Ana", "Ravi", "Lena", "Omar", "Priya", "Tomás", "Aiko", "Marco", "Chen", "Fatima", "Sam", "Dev"]
VERBS_POSITIVE = ["helped", "supported", "encouraged", "taught", "mentored", "thanked", "praised", "welcomed",
                  "inspired", "improved", "fixed", "shared", "appreciated", "celebrated", "trusted"]
VERBS_NEGATIVE = ["ignored", "dismissed", "blamed", "criticized", "rejected", "interrupted", "refused",
                  "mocked", "hurt", "failed", "abandoned", "annoyed", "confused", "delayed", "hated"]
OBJECTS = ["the new joiners", "the review comments", "the design doc", "the team", "the outside contributors",
           "the on-call rotation", "the release", "the migration", "the workshop", "the customer",
           "my pull request", "the feedback", "the retro notes", "the meetup talk", "the docs"]
ADJECTIVES = ["great", "good", "helpful", "kind", "brilliant", "clear", "patient", "generous", "awesome",
              "bad", "terrible", "rude", "unhelpful", "confusing", "slow", "careless", "awful", "fine", "ok",
              "honest", "humble", "excellent", "poor", "lovely", "harsh"]
BOOSTERS = ["very", "really", "extremely", "incredibly", "so", "totally", "quite", "kind of", "sort of",
            "barely", "slightly", "somewhat", "absolutely", "hardly"]
NEGATIONS = ["not", "never", "isn't", "wasn't", "didn't", "don't", "hardly ever", "without"]
ENDINGS = [".", "!", "!!", "!!!", "?", "??", "???", "?!", "", " :)", " :(", " :D", " ;)", " 😊", " 👏", " 😞",
           " 🙄", " ❤️", " lol", " :-)"]
CONNECTORS = [", but ", " and ", "; ", ". ", " although ", ", yet "]


def sentence(rng):
    person = rng.choice(PEOPLE)
    shape = rng.randrange(8)
    if shape == 0:
        text = f"{person} {rng.choice(VERBS_POSITIVE)} {rng.choice(OBJECTS)}"
    elif shape == 1:
        text = f"{person} {rng.choice(VERBS_NEGATIVE)} {rng.choice(OBJECTS)}"
    elif shape == 2:
        text = f"{person} was {rng.choice(BOOSTERS)} {rng.choice(ADJECTIVES)}"
    elif shape == 3:
        text = f"{person} was {rng.choice(NEGATIONS)} {rng.choice(ADJECTIVES)} with {rng.choice(OBJECTS)}"
    elif shape == 4:
        first = f"the {rng.choice(['talk', 'review', 'session', 'demo', 'fix'])} was {rng.choice(ADJECTIVES)}"
        second = f"{person} was {rng.choice(BOOSTERS)} {rng.choice(ADJECTIVES)}"
        text = first + rng.choice(CONNECTORS) + second
    elif shape == 5:
        adjective = rng.choice(ADJECTIVES)
        text = f"{person} is {adjective.upper() if rng.random() < 0.5 else adjective} and {rng.choice(ADJECTIVES)}"
    elif shape == 6:
        text = f"no {rng.choice(ADJECTIVES)} {rng.choice(['ideas', 'help', 'feedback', 'news'])} from {person}"
    else:
        text = f"{person} {rng.choice(['never', 'always', 'rarely', 'seldom'])} {rng.choice(VERBS_POSITIVE + VERBS_NEGATIVE)} {rng.choice(OBJECTS)}"
    if rng.random() < 0.25:
        words = text.split()
        index = rng.randrange(len(words))
        words[index] = words[index].upper()
        text = " ".join(words)
    return text + rng.choice(ENDINGS)


SALAD_WORDS = ["no", "but", "BUT", "kind", "of", "least", "at", "very", "or", "nor", "never", "so", "this", "without",
               "doubt", "the", "shit", "bomb", "bad", "ass", "badass", "bus", "stop", "yeah", "right", "kiss", "death",
               "to", "die", "for", "beating", "heart", "just", "enough", "sort", "kind-of", "isn't", "don't", "can't",
               "won't", "cannot", "nothing", "despite", "uh-uh", "Tomás", "ÉNORME", "naïve", "café!", "“great”", "'good'",
               "(nice)", "...", "--", ":)", ":-(", "<3", "XD", ":D", "😊", "😡", "👍🏽", "ok!!", "why??", "GOOD", "Bad."]
SPACES = [" ", " ", " ", " ", "  ", "\t", "\u00a0", "\u2003", "\u3000", "\n"]


def salad(rng, lexicon):
    """A word salad: every rule's trigger words and lexicon entries in random order, case and
    punctuation, with Unicode spaces — what templates would not think to write."""
    words = []
    for _ in range(rng.randrange(1, 16)):
        word = rng.choice(SALAD_WORDS) if rng.random() < 0.5 else rng.choice(lexicon)
        roll = rng.random()
        if roll < 0.15:
            word = word.upper()
        elif roll < 0.25:
            word = rng.choice(["", "(", "\"", "'", "*"]) + word + rng.choice([".", ",", "!", "?", "...", ")", "!?"])
        words.append(word)
    text = ""
    for word in words:
        text += word + rng.choice(SPACES)
    return text.strip() if rng.random() < 0.7 else text


def main():
    rng = random.Random(20261126)
    analyzer = SentimentIntensityAnalyzer()
    sentences = list(REFERENCE)
    seen = set(sentences)
    while len(sentences) < 420:
        candidate = sentence(rng)
        if candidate not in seen:
            seen.add(candidate)
            sentences.append(candidate)
    lexicon = sorted(analyzer.lexicon)
    while len(sentences) < 1420:
        candidate = salad(rng, lexicon)
        if candidate not in seen:
            seen.add(candidate)
            sentences.append(candidate)
    for text in sentences:
        scores = analyzer.polarity_scores(text)
        print(json.dumps({"text": text, **scores}, ensure_ascii=False))


if __name__ == "__main__":
    main()
