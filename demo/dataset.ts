import type { DatasetItem } from "../packages/honeyhive/src/index";

/** Inputs of one demo datapoint. */
export interface DemoInputs {
  question: string;
}

/** Ground truth: the expected answer keyword and the document that holds it. */
export interface DemoGroundTruth {
  answer: string;
  docId: string;
}

const QA: readonly [string, string, string][] = [
  ["Which planet is the largest in the solar system?", "Jupiter", "jupiter"],
  ["Which planet is the closest to the Sun?", "Mercury", "mercury"],
  ["Why is Venus the hottest planet?", "carbon dioxide", "venus"],
  ["What percent of Earth's surface is covered by water?", "71", "earth"],
  ["Why is Mars called the Red Planet?", "iron oxide", "mars"],
  ["What is the tallest volcano in the solar system?", "Olympus Mons", "mars"],
  ["What are the names of the moons of Mars?", "Phobos", "mars"],
  ["What is the largest moon in the solar system?", "Ganymede", "jupiter"],
  ["What are Saturn's rings made of?", "ice", "saturn"],
  ["Which planet would float in water?", "Saturn", "saturn"],
  ["What is Saturn's largest moon?", "Titan", "saturn"],
  ["Who discovered Uranus?", "Herschel", "uranus"],
  ["What gives Uranus its blue-green colour?", "Methane", "uranus"],
  ["Which planet is the farthest from the Sun?", "Neptune", "neptune"],
  ["Which planet has the strongest winds?", "Neptune", "neptune"],
  ["When was Neptune found?", "1846", "neptune"],
  ["When was Pluto reclassified as a dwarf planet?", "2006", "pluto"],
  ["What is Pluto's largest moon?", "Charon", "pluto"],
  ["Which spacecraft flew past Pluto?", "New Horizons", "pluto"],
  ["What causes most of the tides on Earth?", "Moon", "moon"],
  ["When did Apollo 11 land on the Moon?", "1969", "moon"],
  ["Where is the asteroid belt?", "between Mars and Jupiter", "asteroids"],
  ["What is the largest object in the asteroid belt?", "Ceres", "asteroids"],
  ["How long does light from the Sun take to reach Earth?", "eight minutes", "sun"],
  ["What does the Sun's core fuse?", "hydrogen", "sun"],
  ["How much of the solar system's mass does the Sun hold?", "99.86", "sun"],
  ["How long is a year on Mercury?", "88", "mercury"],
  ["How many moons does Mercury have?", "no moons", "mercury"],
  ["Which planet rotates on its side?", "Uranus", "uranus"],
  ["How long does Saturn take to orbit the Sun?", "29", "saturn"],
  ["What is Earth's atmosphere mostly made of?", "nitrogen", "earth"],
  ["Which moon of Neptune orbits backwards?", "Triton", "neptune"],
  ["How long is a day on Mars?", "24.6", "mars"],
  ["What storm on Jupiter is larger than Earth?", "Great Red Spot", "jupiter"],
];

/** 34 questions over the corpus, each with its expected answer and source document. */
export const DATASET: DatasetItem<DemoInputs, DemoGroundTruth>[] = QA.map(([question, answer, docId]) => ({
  inputs: { question },
  ground_truth: { answer, docId },
}));
