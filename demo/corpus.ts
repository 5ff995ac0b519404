/** The bundled document set the demo's retrieval pipeline searches: short factual notes on the solar system. */
export interface DemoDocument {
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

export const CORPUS: readonly DemoDocument[] = [
  { id: "sun", title: "The Sun", text: "The Sun is a G-type main-sequence star at the centre of the solar system. It holds about 99.86 percent of the solar system's mass. Light from the Sun takes about eight minutes to reach Earth. The Sun's core fuses hydrogen into helium." },
  { id: "mercury", title: "Mercury", text: "Mercury is the smallest planet and the closest planet to the Sun. A year on Mercury lasts 88 Earth days. Mercury has no moons. Its surface is covered in craters like the Moon." },
  { id: "venus", title: "Venus", text: "Venus is the hottest planet because its thick carbon dioxide atmosphere traps heat. Venus rotates in the opposite direction to most planets. A day on Venus is longer than its year. Venus is often called Earth's twin because of its similar size." },
  { id: "earth", title: "Earth", text: "Earth is the only planet known to support life. About 71 percent of Earth's surface is covered by water. Earth has one natural satellite, the Moon. Earth's atmosphere is mostly nitrogen and oxygen." },
  { id: "mars", title: "Mars", text: "Mars is called the Red Planet because iron oxide gives its surface a reddish colour. Olympus Mons on Mars is the tallest volcano in the solar system. Mars has two small moons named Phobos and Deimos. A day on Mars lasts about 24.6 hours." },
  { id: "jupiter", title: "Jupiter", text: "Jupiter is the largest planet in the solar system. The Great Red Spot on Jupiter is a storm larger than Earth. Jupiter has at least 95 known moons, including Ganymede. Ganymede is the largest moon in the solar system." },
  { id: "saturn", title: "Saturn", text: "Saturn is famous for its bright rings made of ice and rock. Saturn is the least dense planet and would float in water. Titan is Saturn's largest moon and has a thick atmosphere. Saturn takes about 29 Earth years to orbit the Sun." },
  { id: "uranus", title: "Uranus", text: "Uranus rotates on its side with an axial tilt of about 98 degrees. Uranus was discovered by William Herschel in 1781. Methane in its atmosphere gives Uranus a blue-green colour. Uranus is an ice giant." },
  { id: "neptune", title: "Neptune", text: "Neptune is the farthest planet from the Sun. Neptune has the strongest winds in the solar system. Neptune was found in 1846 through mathematical prediction. Triton is Neptune's largest moon and orbits backwards." },
  { id: "pluto", title: "Pluto", text: "Pluto was reclassified as a dwarf planet in 2006. Pluto lies in the Kuiper Belt beyond Neptune. Pluto's largest moon is Charon. The New Horizons spacecraft flew past Pluto in 2015." },
  { id: "moon", title: "The Moon", text: "The Moon is Earth's only natural satellite. The Moon causes most of the tides on Earth. Apollo 11 landed the first humans on the Moon in 1969. The Moon always shows the same face to Earth." },
  { id: "asteroids", title: "The asteroid belt", text: "The asteroid belt lies between Mars and Jupiter. Ceres is the largest object in the asteroid belt and is a dwarf planet. Most asteroids are made of rock and metal." },
];
