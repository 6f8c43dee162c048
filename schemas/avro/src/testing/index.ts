export {
  sampleAccount,
  sampleAlbum,
  sampleArtist,
  sampleLocalRawPlay,
  samplePlayFact,
  sampleRawPlay,
  sampleTrack,
} from './samples.ts';
