/**
 * Per-modality token counts as providers report them, read into the OTel GenAI attributes the translation reads back
 * (`MODALITY_TOKEN_KEYS` of token-keys.ts, the first name of each): OpenAI's `prompt_tokens_details` /
 * `completion_tokens_details` (`audio_tokens`, `image_tokens`; the Responses API's `input_tokens_details` /
 * `output_tokens_details`), Google's `promptTokensDetails` / `candidatesTokensDetails` lists of
 * `{ modality, tokenCount }`. Audio and image are the modalities priced apart; text is the rest. Pure and total:
 * anything else reads as nothing.
 */
import { count, own, record } from "./read-values";
import { MODALITY_TOKEN_KEYS } from "./token-keys";

/** The audio and image parts of a call's input and output counts (absent: not reported). */
export interface ModalityTokens {
  inputAudio?: number | undefined;
  inputImage?: number | undefined;
  outputAudio?: number | undefined;
  outputImage?: number | undefined;
}

/** OpenAI's detail objects: `audio_tokens` and `image_tokens` of the input and the output details. */
export function openAiModalityTokens(inputDetails: unknown, outputDetails: unknown): ModalityTokens {
  try {
    return {
      inputAudio: count(own(inputDetails, "audio_tokens")), inputImage: count(own(inputDetails, "image_tokens")),
      outputAudio: count(own(outputDetails, "audio_tokens")), outputImage: count(own(outputDetails, "image_tokens")),
    };
  } catch {
    return {}; // a throwing getter reads as nothing
  }
}

/** The count of one modality (`AUDIO`, `IMAGE`) in a Google `[{ modality, tokenCount }]` list, summed; absent when none. */
function googleModality(details: unknown, modality: string): number | undefined {
  if (!Array.isArray(details)) return undefined;
  let total: number | undefined;
  try {
    for (const entry of details as unknown[]) {
      const item = record(entry);
      const n = count(own(item, "tokenCount") ?? own(item, "token_count"));
      const name = own(item, "modality");
      if (n !== undefined && typeof name === "string" && name.toUpperCase() === modality) total = (total ?? 0) + n;
    }
  } catch {
    return undefined; // a throwing getter reads as nothing
  }
  return total;
}

/** Google's `promptTokensDetails` and `candidatesTokensDetails` lists. */
export function googleModalityTokens(promptDetails: unknown, candidatesDetails: unknown): ModalityTokens {
  return {
    inputAudio: googleModality(promptDetails, "AUDIO"), inputImage: googleModality(promptDetails, "IMAGE"),
    outputAudio: googleModality(candidatesDetails, "AUDIO"), outputImage: googleModality(candidatesDetails, "IMAGE"),
  };
}

/** The OTel GenAI attributes of the counts (absent counts left out). */
export function modalityTokenAttributes(tokens: ModalityTokens): Record<string, number> {
  const out: Record<string, number> = {};
  const put = (key: string, value: number | undefined): void => {
    if (value !== undefined) out[key] = value;
  };
  put(MODALITY_TOKEN_KEYS.input_audio[0], tokens.inputAudio);
  put(MODALITY_TOKEN_KEYS.input_image[0], tokens.inputImage);
  put(MODALITY_TOKEN_KEYS.output_audio[0], tokens.outputAudio);
  put(MODALITY_TOKEN_KEYS.output_image[0], tokens.outputImage);
  return out;
}
