/** The Hugging Face `save_to_disk` metadata files written beside the Arrow shards. */
export const DATASET_INFO_FILE_NAME = 'dataset_info.json';
export const STATE_FILE_NAME = 'state.json';
