ALTER TABLE "signet_status_index" DROP CONSTRAINT "signet_status_index_zertifikat_nr_praedikate_zertifikat_nr_fk";
--> statement-breakpoint
DROP INDEX "signet_status_index_nr_idx";