import { NonRetriableError } from '@spotify-pipeline/runtime';

/**
 * A stored token could not be decrypted: the envelope is malformed, or the key is not the one it
 * was sealed with, or the ciphertext was altered. The message never contains the ciphertext.
 */
export class TokenDecryptionError extends NonRetriableError {}
