"""Redactions before publication

Revision ID: eb96a9098e31
Revises: 6994f8f514ed
Create Date: 2026-11-23 20:57:00.631145

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'eb96a9098e31'
down_revision = '6994f8f514ed'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('redactions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('passage', sa.Text(), nullable=True),
    sa.Column('attachment_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachments.id'], name=op.f('fk_redactions_attachment_id_attachments')),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_redactions_consultation_id_consultations')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_redactions_created_by_id_users')),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_redactions_response_id_responses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_redactions'))
    )
    with op.batch_alter_table('redactions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_redactions_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_redactions_response_id'), ['response_id'], unique=False)



def downgrade():
    with op.batch_alter_table('redactions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_redactions_response_id'))
        batch_op.drop_index(batch_op.f('ix_redactions_consultation_id'))

    op.drop_table('redactions')
