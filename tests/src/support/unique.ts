export { uniqueName } from '@spotify-pipeline/test-support';
