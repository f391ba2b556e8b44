"""Imported Word documents are held for their review

The file a Word import reads is kept while its proposal is reviewed, so that confirming the
review can attach it to the response (and so to the archive). Held ones live a day.

Revision ID: 4339b297934f
Revises: f2b8d4a6c1e9
Create Date: 2026-12-07 14:24:13.923396

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4339b297934f'
down_revision = 'f2b8d4a6c1e9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('imported_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_imported_documents_invitation_id_invitations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imported_documents')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_imported_documents_key_hash'))
    )
    with op.batch_alter_table('imported_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_imported_documents_invitation_id'), ['invitation_id'], unique=False)



def downgrade():
    with op.batch_alter_table('imported_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_imported_documents_invitation_id'))

    op.drop_table('imported_documents')
